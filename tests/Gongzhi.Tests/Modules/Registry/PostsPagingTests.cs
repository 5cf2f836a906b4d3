using System.Text.RegularExpressions;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Modules.Registry;

// The duty-post page in pages of 50 with a count and a filter kept in the address (it was one page of
// every post, 41,700 px tall for 369 posts).
public abstract class PostsPagingTests(GongzhiApp app)
{
    [Fact]
    public async Task The_post_list_is_paged_counted_and_filtered_by_name()
    {
        var facts = await DemoFacts.ForAsync(app);
        await using var db = app.NewDb();
        var grids = await db.Grids.Where(g => g.CommunityId == facts.Community1).Select(g => g.Id).ToListAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));
        var current = await db.DutyPosts.Where(p => p.To == null || p.To > today)
            .Where(p => (p.PlaceKind == PlaceKind.Community && p.PlaceId == facts.Community1) || (p.PlaceKind == PlaceKind.Grid && grids.Contains(p.PlaceId)))
            .Select(p => p.HolderName).ToListAsync();
        var staff = await PageSession.LogInAsync(app, "tuanjie");

        var first = await staff.Client.GetStringAsync($"/registry/posts?community={facts.Community1}");
        var total = int.Parse(Regex.Match(first, "data-testid=\"posts-count\">共 (\\d+) 个职务").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        total.ShouldBeGreaterThanOrEqualTo(current.Count);
        var rows = Regex.Count(first, "class=\"gz-row post-row");
        rows.ShouldBe(Math.Min(total, 50));
        if (total > 50)
        {
            first.ShouldContain($"href=\"/registry/posts?community={facts.Community1}&amp;page=2\"");
            var last = await staff.Client.GetStringAsync($"/registry/posts?community={facts.Community1}&page={(total + 49) / 50}");
            Regex.Count(last, "class=\"gz-row post-row").ShouldBe(total - (total - 1) / 50 * 50);
        }

        // A holder no other current post's holder contains, so the filter finds exactly one.
        var everyone = await db.DutyPosts.Where(p => p.To == null || p.To > today).Select(p => p.HolderName).ToListAsync();
        var name = current.First(n => everyone.Count(x => x.Contains(n, StringComparison.Ordinal)) == 1);
        var found = await staff.Client.GetStringAsync($"/registry/posts?community={facts.Community1}&q={Uri.EscapeDataString(name)}");
        found.ShouldContain("共 1 个职务");
        found.ShouldContain($"<strong>{name}</strong>");
        found.ShouldContain($"value=\"{name}\"");
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SqlitePostsPagingTests(SqliteApp app) : PostsPagingTests(app);

[Collection(PostgresCollection.Name)]
public sealed class PostgresPostsPagingTests(PostgresApp app) : PostsPagingTests(app);

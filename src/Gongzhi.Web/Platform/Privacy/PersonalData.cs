using System.Globalization;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Privacy;

// One value held about a person: a stable name for the JSON, a text key for the page.
public sealed record PersonalDataField(string Name, string LabelKey, string? Value);

// One kind of thing held (the account, the registry entry, each case…): a name and its rows.
public sealed record PersonalDataSection(string Name, string TitleKey, IReadOnlyList<IReadOnlyList<PersonalDataField>> Rows);

public sealed record PersonalDataReport(DateTime MadeAt, IReadOnlyList<PersonalDataSection> Sections);

// What a module holds about the caller's account. Platform knows no module: each registers its own.
public interface IPersonalDataSource
{
    int Order { get; }
    Task<PersonalDataSection?> ForAsync(AppUser user, CancellationToken ct);
}

// 个人信息查阅复制 (PIPL Art. 45): everything Gongzhi holds about the caller, as JSON and as a page.
public sealed class PersonalDataExport(UserManager<AppUser> users, CurrentUser current, IEnumerable<IPersonalDataSource> sources, TimeProvider clock)
{
    public async Task<PersonalDataReport> RunAsync(CancellationToken ct = default)
    {
        var user = await users.FindByIdAsync(current.RequiredId) ?? throw new Forbidden("Error.LoginRequired");
        var roles = await users.GetRolesAsync(user);
        var sections = new List<PersonalDataSection>
        {
            new("account", "Privacy.Data.Account", [[
                new("userName", "Privacy.Data.UserName", user.UserName),
                new("displayName", "Privacy.Data.DisplayName", user.DisplayName),
                new("phone", "Privacy.Data.Phone", user.PhoneNumber),
                new("createdAt", "Privacy.Data.CreatedAt", Time(user.CreatedAt)),
                new("roles", "Privacy.Data.Roles", string.Join(", ", roles)),
            ]]),
        };
        foreach (var source in sources.OrderBy(s => s.Order))
            if (await source.ForAsync(user, ct) is { } section) sections.Add(section);
        return new PersonalDataReport(clock.GetUtcNow().UtcDateTime, sections);
    }

    // Times as Beijing time with the offset, readable and unambiguous.
    public static string Time(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    // The JSON form: section → list of { field: value }.
    public static Dictionary<string, object> ToJson(PersonalDataReport report)
    {
        var json = new Dictionary<string, object> { ["madeAt"] = Time(report.MadeAt) };
        foreach (var s in report.Sections)
            json[s.Name] = s.Rows.Select(r => r.ToDictionary(f => f.Name, f => f.Value)).ToList();
        return json;
    }
}

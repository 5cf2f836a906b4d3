using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Requests.Work;

// One selected row of the work list: the case and the version the list showed.
public sealed record BulkCase(long Id, int Version);

// Target: "user:{id}" (a grid worker, grid leader or community worker) or "dept:{id}" (a department,
// which is a referral: 转办).
public sealed record BulkAssignInput(IReadOnlyList<BulkCase> Cases, string? Target, string? Reason);

public sealed record BulkLine(long Id, string Name, string? MessageKey = null, object[]? Args = null);

public sealed record BulkAssignResult(string TargetName, IReadOnlyList<BulkLine> Assigned, IReadOnlyList<BulkLine> Changed, IReadOnlyList<BulkLine> Refused);

public sealed record BulkTarget(string Value, string Name, string Where, bool Department);

// 批量分派: staff give many cases to one person or department in one submit. Role and scope are
// checked for every case before anything is written (one case outside the caller's places and
// nothing happens: 404). Each case then moves on its own through CaseCommands — its own save, its
// own timeline line and notice — so a case somebody changed meanwhile is reported by name and left
// as it was, while the others are assigned.
public sealed class BulkAssign(GongzhiDb db, CaseAccess access, CaseCommands commands, CurrentUser user, RegistryScope scope, TimeProvider clock)
{
    // One page of the work list.
    public const int MaxCases = CaseQueries.PageSize;

    public static IReadOnlyList<BulkCase> ParseCases(IEnumerable<string> values)
    {
        var cases = new List<BulkCase>();
        foreach (var v in values)
        {
            var parts = v.Split(':');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
                throw new ValidationFailure("Cases", "Requests.Bulk.BadSelection");
            cases.Add(new BulkCase(id, version));
        }
        return cases;
    }

    public async Task<BulkAssignResult> RunAsync(BulkAssignInput input, CancellationToken ct = default)
    {
        user.Require(Capability.HandleCases);
        var cases = input.Cases.DistinctBy(c => c.Id).ToList();
        if (cases.Count == 0) throw new ValidationFailure("Cases", "Requests.Bulk.NoneSelected");
        if (cases.Count > MaxCases) throw new ValidationFailure("Cases", "Requests.Bulk.TooMany", MaxCases);
        var (userId, departmentId) = ParseTarget(input.Target);
        var reason = Guard.Text(input.Reason, 200, "Reason");

        // Scope first, for every case: one that is not the caller's is as if it did not exist.
        var ids = cases.Select(c => c.Id).ToList();
        var found = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Join(db.CaseCategories, c => c.CategoryId, k => k.Id, (c, k) => new { c.Id, c.GridId, c.CommunityId, Category = k.Name })
            .ToListAsync(ct);
        var staffFor = await access.StaffForGridAsync(ct);
        if (found.Count != ids.Count || found.Any(c => !staffFor(c.GridId))) throw new NotFound();
        var names = found.ToDictionary(c => c.Id, c => $"#{c.Id} {c.Category}");

        string targetName;
        if (userId is not null)
        {
            var targets = await TargetsAsync(ct);
            targetName = targets.FirstOrDefault(t => t.Value == input.Target)?.Name
                ?? throw new ValidationFailure("Target", "Requests.Error.OwnerNotEligible");
        }
        else
        {
            targetName = await db.Departments.AsNoTracking().Where(d => d.Id == departmentId).Select(d => d.Name).FirstOrDefaultAsync(ct)
                ?? throw new ValidationFailure("Target", "Requests.Error.DepartmentUnknown");
        }

        var assigned = new List<BulkLine>();
        var changed = new List<BulkLine>();
        var refused = new List<BulkLine>();
        foreach (var c in cases)
        {
            var line = new BulkLine(c.Id, names[c.Id]);
            try
            {
                if (userId is not null) await commands.ReassignAsync(c.Id, new ReassignInput(userId, reason, c.Version), ct);
                else await commands.ReferAsync(c.Id, new ReferInput(ReferralKind.Department, departmentId, reason, c.Version), ct);
                assigned.Add(line);
            }
            catch (ConcurrencyConflict)
            {
                db.ChangeTracker.Clear();
                changed.Add(line);
            }
            catch (DbUpdateConcurrencyException)
            {
                db.ChangeTracker.Clear();
                changed.Add(line);
            }
            catch (DomainException e) when (e is not Forbidden)
            {
                // This case's own rule said no (not in the person's grid, already theirs, not taken up yet):
                // it stays as it was, and the reason is shown beside its name.
                db.ChangeTracker.Clear();
                refused.Add(e.MessageKey == "Requests.Error.Transition"
                    ? line with { MessageKey = "Requests.Bulk.AcceptFirst" }
                    : line with { MessageKey = e.MessageKey, Args = e.Args });
            }
        }
        return new BulkAssignResult(targetName, assigned, changed, refused);
    }

    private static (string? UserId, long? DepartmentId) ParseTarget(string? target)
    {
        if (string.IsNullOrWhiteSpace(target)) throw new ValidationFailure("Target", "Validation.Required");
        if (target.StartsWith("user:", StringComparison.Ordinal) && target.Length > 5) return (target[5..], null);
        if (target.StartsWith("dept:", StringComparison.Ordinal)
            && long.TryParse(target[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return (null, id);
        throw new ValidationFailure("Target", "Validation.Required");
    }

    // Who the caller may hand cases to: the workers and leaders of the grids they answer for and the
    // staff of those grids' communities (each case still checks its own grid), then the departments.
    public async Task<List<BulkTarget>> TargetsAsync(CancellationToken ct = default)
    {
        if (!user.Can(Capability.HandleCases)) return [];
        var s = await scope.GetAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime + Deadlines.WorkingTime.ChinaOffset);
        var grids = await db.Grids.AsNoTracking().Where(g => s.All || s.GridIds.Contains(g.Id))
            .OrderBy(g => g.Id).Take(200).Select(g => new { g.Id, g.Name, g.CommunityId }).ToListAsync(ct);
        var gridIds = grids.Select(g => g.Id).ToList();
        var communityIds = grids.Select(g => g.CommunityId).Distinct().ToList();
        var communities = await db.Communities.AsNoTracking().Where(c => communityIds.Contains(c.Id)).Select(c => new { c.Id, c.Name, c.SubdistrictId }).ToListAsync(ct);
        var subdistrictIds = communities.Select(c => c.SubdistrictId).Distinct().ToList();
        var posts = await db.DutyPosts.AsNoTracking().Where(DutyPost.ActiveOn(today))
            .Where(p => p.UserId != null && ((p.PlaceKind == PlaceKind.Grid && gridIds.Contains(p.PlaceId) && (p.Kind == DutyPostKind.GridWorker || p.Kind == DutyPostKind.GridLeader))
                || (p.PlaceKind == PlaceKind.Community && communityIds.Contains(p.PlaceId) && p.Kind == DutyPostKind.CommunityStaff)))
            .Select(p => new { p.Kind, p.PlaceKind, p.PlaceId, p.UserId, p.HolderName, p.From, p.Id })
            .ToListAsync(ct);
        var people = posts
            .OrderBy(p => p.Kind switch { DutyPostKind.GridWorker => 0, DutyPostKind.GridLeader => 1, _ => 2 }).ThenBy(p => p.PlaceId).ThenBy(p => p.From).ThenBy(p => p.Id)
            .DistinctBy(p => p.UserId)
            .Select(p => new BulkTarget("user:" + p.UserId, p.HolderName,
                p.PlaceKind == PlaceKind.Grid ? grids.First(g => g.Id == p.PlaceId).Name : communities.FirstOrDefault(c => c.Id == p.PlaceId)?.Name ?? "", false));
        var departments = (await db.Departments.AsNoTracking().Where(d => s.All || subdistrictIds.Contains(d.SubdistrictId)).OrderBy(d => d.Id).Select(d => new { d.Id, d.Name }).ToListAsync(ct))
            .Select(d => new BulkTarget("dept:" + d.Id.ToString(CultureInfo.InvariantCulture), d.Name, "", true));
        return [.. people, .. departments];
    }
}

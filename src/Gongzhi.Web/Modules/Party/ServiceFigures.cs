using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Volunteering;
using Gongzhi.Web.Modules.Volunteering.Activities;

namespace Gongzhi.Web.Modules.Party;

public sealed record Service(int Shifts, int ConfirmedMinutes)
{
    public static readonly Service None = new(0, 0);
    public decimal Hours => Math.Round(ConfirmedMinutes / 60m, 1);
}

// What members served in a year, read from Volunteering's public record of shifts: a shift
// counts when taken (not cancelled, not a no-show) in that Beijing year; hours only once the
// organiser confirmed them. A member is found as a volunteer by their account or their registry entry.
public sealed class ServiceFigures(GongzhiDb db)
{
    public async Task<Dictionary<long, Service>> ForAsync(IReadOnlyCollection<PartyMember> members, int year, CancellationToken ct = default)
    {
        var start = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);
        var end = start.AddYears(1);
        var userIds = members.Where(m => m.UserId != null).Select(m => m.UserId!).ToList();
        var residentIds = members.Where(m => m.ResidentId != null).Select(m => m.ResidentId!.Value).ToList();
        var rows = await (from s in db.Set<ShiftSignup>()
                          join sh in db.Set<Shift>() on s.ShiftId equals sh.Id
                          join v in db.Set<Volunteer>() on s.VolunteerId equals v.Id
                          where sh.StartsAt >= start && sh.StartsAt < end
                                && s.Status != SignupStatus.Cancelled && s.Status != SignupStatus.NoShow
                                && (userIds.Contains(v.UserId!) || residentIds.Contains(v.ResidentId!.Value))
                          select new { v.UserId, v.ResidentId, s.Status, s.ConfirmedMinutes }).ToListAsync(ct);
        var result = new Dictionary<long, Service>();
        foreach (var m in members)
        {
            var mine = rows.Where(r => m.UserId != null && r.UserId == m.UserId || m.ResidentId != null && r.ResidentId == m.ResidentId).ToList();
            result[m.Id] = new Service(mine.Count, mine.Where(r => r.Status == SignupStatus.Confirmed).Sum(r => r.ConfirmedMinutes ?? 0));
        }
        return result;
    }
}

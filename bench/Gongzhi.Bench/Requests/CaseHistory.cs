namespace Gongzhi.Bench.Requests;

// Status values as the app stores them (Modules/Requests/CaseEnums.cs).
public static class CaseState
{
    public const int Submitted = 1, Accepted = 2, Referred = 3, Resolved = 4, Closed = 5, Reopened = 6, Cancelled = 7, Merged = 8;
    public static bool IsOpen(int s) => s is Submitted or Accepted or Referred or Reopened;
}

public static class EventKind
{
    public const int Submitted = 1, Accepted = 2, Referred = 4, ReferralReply = 5, Resolved = 8, Rated = 9, Reopened = 10, Cancelled = 11,
        Merged = 12, Escalated = 13, Closed = 16;
}

public sealed record PlannedEvent(int Kind, DateTime At, int? ToStatus, string? ActorUserId, string ActorName, string? Text = null,
    bool Internal = false, int Rating = 0, int Referral = -1);

public sealed record Category(long Id, string Code, int ContactMinutes, int ResolveDays, int RouteFirst, long? DepartmentId, bool AllowAnonymous);

public sealed record Owner(string UserId, string Name);

// One case's life, planned whole from its submission (accepted, maybe referred, resolved, rated or
// closed unrated, sometimes reopened, cancelled or merged; late ones escalated as the app's sweep
// would), then cut at "now": what has not happened yet is not written. Recent cases are therefore
// still open, old ones done, a few stuck ones long overdue — the shape a real work list has.
public sealed class CaseHistory
{
    public List<PlannedEvent> Events { get; } = [];
    public List<(DateTime At, int Kind, long? DepartmentId, string Target, string? Reply, DateTime? RepliedAt, string? ReplyUserId)> Referrals { get; } = [];
    public int Status { get; private set; }
    public DateTime RespondBy { get; private set; }
    public DateTime ResolveBy { get; private set; }
    public DateTime? AcceptedAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    public string? Resolution { get; private set; }
    public int? Rating { get; private set; }
    public DateTime? RatedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public int ReopenCount { get; private set; }
    public int Escalation { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }
    public bool Merged { get; private set; }

    public static CaseHistory Plan(Random r, Category category, DateTime submitted, DateTime now, Owner owner, string submitter, string? submitterId,
        (int Kind, long? DepartmentId, string Target, string? ReplyUserId)? firstReferral, (long DepartmentId, string Name) anyDepartment)
    {
        var plan = new List<PlannedEvent> { new(EventKind.Submitted, submitted, CaseState.Submitted, submitterId, submitter) };
        var referrals = new List<(DateTime, int, long?, string, string?, DateTime?, string?)>();
        var respondBy = WorkClock.AddMinutes(submitted, category.ContactMinutes);
        var resolveBy = WorkClock.AddDays(submitted, category.ResolveDays);
        DateTime Later(DateTime t, double minMinutes, double maxMinutes) => t.AddMinutes(minMinutes + r.NextDouble() * (maxMinutes - minMinutes));

        void Refer(DateTime at, int kind, long? departmentId, string target, string? replyUserId, bool changesStatus)
        {
            var index = referrals.Count;
            var replied = Later(at, 120, 3 * 1440);
            var reply = CaseTexts.Reply(r);
            referrals.Add((at, kind, departmentId, target, reply, replied, replyUserId));
            plan.Add(new(EventKind.Referred, at, changesStatus ? CaseState.Referred : null, changesStatus ? owner.UserId : null, changesStatus ? owner.Name : "", target, Referral: index));
            plan.Add(new(EventKind.ReferralReply, replied, null, replyUserId, target, reply, Referral: index));
        }

        if (firstReferral is { } first) Refer(submitted, first.Kind, first.DepartmentId, first.Target, first.ReplyUserId, changesStatus: false);
        var roll = r.NextDouble();
        if (roll < 0.015)
        {
            // Withdrawn by the resident before anyone took it.
            plan.Add(new(EventKind.Cancelled, Later(submitted, 5, 90), CaseState.Cancelled, submitterId, submitter));
        }
        else
        {
            // Taken within the contact time mostly; one in ten late.
            var accepted = WorkClock.AddMinutes(submitted, r.NextDouble() < 0.9 ? 3 + r.NextDouble() * category.ContactMinutes * 0.9 : category.ContactMinutes * (1 + r.NextDouble()));
            plan.Add(new(EventKind.Accepted, accepted, CaseState.Accepted, owner.UserId, owner.Name));
            if (roll < 0.023)
            {
                plan.Add(new(EventKind.Merged, Later(accepted, 10, 1440), CaseState.Merged, owner.UserId, owner.Name));
            }
            else
            {
                var work = accepted;
                if (firstReferral is null && r.NextDouble() < 0.08)
                {
                    work = Later(accepted, 30, 1440);
                    Refer(work, 2, anyDepartment.DepartmentId, anyDepartment.Name, null, changesStatus: true);
                }
                // Most are done within the limit; some late; a few stuck for months.
                var stuck = r.NextDouble() < 0.003;
                var days = stuck ? 20 + r.NextDouble() * 180 : r.NextDouble() < 0.85 ? 0.05 + r.NextDouble() * category.ResolveDays * 0.9 : category.ResolveDays * (1 + r.NextDouble() * 0.8);
                var resolved = WorkClock.AddDays(work, days);
                if (referrals.Count > 0 && referrals[^1].Item6 is { } replied && replied > resolved) resolved = Later(replied, 30, 600);
                var text = CaseTexts.Resolution(r);
                plan.Add(new(EventKind.Resolved, resolved, CaseState.Resolved, owner.UserId, owner.Name, text));
                Rate(resolved, reopened: false);

                void Rate(DateTime after, bool reopened)
                {
                    if (r.NextDouble() < 0.72)
                    {
                        var rated = Later(after, 120, 72 * 60);
                        var x = r.Next(100);
                        var rating = reopened ? (x < 70 ? 2 : 1) : x < 78 ? 1 : x < 93 ? 2 : 3;
                        if (rating == 3)
                        {
                            plan.Add(new(EventKind.Rated, rated, CaseState.Reopened, submitterId, "", Rating: rating));
                            plan.Add(new(EventKind.Reopened, rated, null, submitterId, ""));
                            var again = WorkClock.AddDays(rated, 0.2 + r.NextDouble() * category.ResolveDays * 0.8);
                            plan.Add(new(EventKind.Resolved, again, CaseState.Resolved, owner.UserId, owner.Name, CaseTexts.Resolution(r)));
                            Rate(again, reopened: true);
                        }
                        else plan.Add(new(EventKind.Rated, rated, CaseState.Closed, submitterId, "", Rating: rating));
                    }
                    else plan.Add(new(EventKind.Closed, after.AddDays(7).AddMinutes(r.Next(1, 60)), CaseState.Closed, null, ""));
                }
            }
        }

        // Late cases went up as the sweep sends them: to the community when the deadline passes,
        // to the subdistrict some days later.
        var firstDone = plan.Where(e => e.ToStatus is CaseState.Resolved or CaseState.Cancelled or CaseState.Merged)
            .Select(e => e.At).DefaultIfEmpty(DateTime.MaxValue).Min();
        var acceptedAt = plan.Where(e => e.Kind == EventKind.Accepted).Select(e => (DateTime?)e.At).FirstOrDefault() ?? DateTime.MaxValue;
        var lateAt = acceptedAt > respondBy && firstDone > respondBy ? respondBy : firstDone > resolveBy ? resolveBy : (DateTime?)null;
        if (lateAt is { } late)
        {
            plan.Add(new(EventKind.Escalated, late.AddMinutes(1), null, null, "", "Community", Internal: true));
            if (firstDone > resolveBy.AddDays(3)) plan.Add(new(EventKind.Escalated, resolveBy.AddDays(3).AddMinutes(1), null, null, "", "Subdistrict", Internal: true));
        }

        var history = new CaseHistory { RespondBy = respondBy, ResolveBy = resolveBy };
        history.Apply(plan.OrderBy(e => e.At).Where(e => e.At <= now), referrals, category);
        return history;
    }

    private void Apply(IEnumerable<PlannedEvent> events, List<(DateTime At, int Kind, long? DepartmentId, string Target, string? Reply, DateTime? RepliedAt, string? ReplyUserId)> planned, Category category)
    {
        var referralIndex = new Dictionary<int, int>();
        foreach (var e in events)
        {
            if (e.Kind == EventKind.Referred)
            {
                referralIndex[e.Referral] = Referrals.Count;
                var p = planned[e.Referral];
                Referrals.Add((p.At, p.Kind, p.DepartmentId, p.Target, null, null, null));
            }
            if (e.Kind == EventKind.ReferralReply)
            {
                var p = planned[e.Referral];
                Referrals[referralIndex[e.Referral]] = (p.At, p.Kind, p.DepartmentId, p.Target, p.Reply, p.RepliedAt, p.ReplyUserId);
            }
            Events.Add(e with { Referral = e.Referral >= 0 ? referralIndex[e.Referral] : -1 });
            if (e.ToStatus is { } to)
            {
                Status = to;
                Version++;
            }
            UpdatedAt = e.At;
            switch (e.Kind)
            {
                case EventKind.Accepted:
                    AcceptedAt = e.At;
                    break;
                case EventKind.Resolved:
                    ResolvedAt = e.At;
                    Resolution = e.Text;
                    break;
                case EventKind.Rated:
                    Rating = e.Rating;
                    RatedAt = e.At;
                    if (e.ToStatus == CaseState.Reopened)
                    {
                        ReopenCount++;
                        ResolvedAt = null;
                        ResolveBy = WorkClock.AddDays(e.At, category.ResolveDays);
                    }
                    else ClosedAt = e.At;
                    break;
                case EventKind.Closed or EventKind.Cancelled:
                    ClosedAt = e.At;
                    break;
                case EventKind.Merged:
                    ClosedAt = e.At;
                    Merged = true;
                    break;
                case EventKind.Escalated:
                    Escalation = Math.Max(Escalation, e.Text == "Subdistrict" ? 2 : 1);
                    Version++;
                    break;
            }
        }
    }
}

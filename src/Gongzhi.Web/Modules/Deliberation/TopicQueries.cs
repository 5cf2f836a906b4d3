using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Deliberation.Tally;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Deliberation;

public sealed record TopicRow(long Id, string Title, TopicStatus Status, TopicSource Source, TopicScope Scope, int Supporters, int SupportersNeeded, DateTime UpdatedAt, string? Cover = null);
public sealed record OptionView(int Number, string Text, decimal? Budget, int? Count);
public sealed record ConsultationView(long Id, string Question, ConsultationMode Mode, DateTime ClosesAt, bool Open, bool ResultsShown, int? Responses,
    IReadOnlyList<OptionView> Options, IReadOnlyList<string> Comments, IReadOnlyList<int> MyPicks, string? MyComment);
public sealed record OptionResult(int Number, string Text, int Heads, string Area);
public sealed record ResultView(string TurnoutHeads, string TurnoutHeadsPercent, string? TurnoutArea, string? TurnoutAreaPercent, bool TurnoutMet,
    IReadOnlyList<OptionResult> Options, IReadOnlyList<string> Checks, bool Adopted, string Outcome);
public sealed record VoteView(long Id, string Title, VoteBasis Basis, Art278Matter? Matter, Threshold Threshold, IReadOnlyList<string> Choices, VoteStatus Status,
    DateTime ClosesAt, bool Open, bool AllowChange, bool OpenBallot, int Electors, int Voted, bool CanVote, int? MyChoice, ResultView? Result);
public sealed record ItemView(long Id, long TopicId, string TopicTitle, int Position, string? Resolution, int VotesFor, int VotesAgainst, int VotesAbstain, bool? Adopted);
public sealed record AttendeeView(long Id, string Name, DelegateCapacity Capacity, string? Organisation, bool SignedIn, SignInMethod? Method, bool IsMe);
public sealed record MeetingView(long Id, long CommunityId, MeetingKind Kind, string Title, string Place, DateTime StartsAt, string? Minutes, string? SignInCode,
    int Version, int Invited, int Present, IReadOnlyList<ItemView> Items, IReadOnlyList<AttendeeView> Attendees, bool CanManage, bool CanRecord);
public sealed record ObjectionView(long Id, string Name, string Text, DateTime CreatedAt, string? Answer, string? AnsweredBy, DateTime? AnsweredAt);
public sealed record MilestoneView(long Id, string Title, string OwnerName, DateOnly DueOn, int Progress, string? Note, string? PhotoUrl, bool Done, bool Overdue, int Version);
// CanOpen: the meeting page opens only for its community's staff and those invited; others see that it was held.
public sealed record MeetingRef(long Id, string Title, MeetingKind Kind, DateTime StartsAt, bool CanOpen = true);
public sealed record TopicView(long Id, string Title, string Description, TopicSource Source, TopicStatus Status, TopicScope Scope, string PlaceName,
    string ProposerName, int Supporters, int SupportersNeeded, long? MergedIntoId, string? Decision, string? NoticeText, DateTime? NoticeFrom, DateTime? NoticeUntil,
    int Version, bool CanManage, bool CanRecord, bool IsResident, bool Following, bool Supported, bool ObjectionOpen, IReadOnlyList<long> CaseIds,
    IReadOnlyList<ConsultationView> Consultations, IReadOnlyList<MeetingRef> Meetings, IReadOnlyList<VoteView> Votes,
    IReadOnlyList<ObjectionView> Objections, IReadOnlyList<MilestoneView> Milestones, string? Cover = null);
public sealed record RollRow(long Id, string Name, int Units, string Area, bool Voted, BallotChannel? Channel, int? Choice);
public sealed record OverdueRow(long Id, long TopicId, string TopicTitle, string Title, string OwnerName, DateOnly DueOn, int Progress);

public sealed record VoteTopic(long Id, string Title, long CommunityId);

public sealed class TopicQueries(GongzhiDb db, DeliberationAccess access, CurrentUser user, VoteCommands votes, IStringLocalizer text, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => DateOnly.FromDateTime(Now.AddHours(8));

    private static string? CoverUrl(Topic t) => Requests.Photos.CoverPictures.Url($"/topics/{t.Id}", t.CoverName);

    public async Task<List<TopicRow>> ListAsync(TopicStatus? status, CancellationToken ct = default)
    {
        var query = await access.VisibleAsync(ct);
        if (status is not null) query = query.Where(t => t.Status == status);
        var rows = await query.AsNoTracking().OrderByDescending(t => t.UpdatedAt).Take(200).ToListAsync(ct);
        return rows.Select(t => new TopicRow(t.Id, t.Title, t.Status, t.Source, t.Scope, t.Supporters, t.SupportersNeeded, t.UpdatedAt, CoverUrl(t))).ToList();
    }

    public async Task<TopicView> GetAsync(long id, CancellationToken ct = default)
    {
        var t = await (await access.VisibleAsync(ct)).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound();
        var canManage = await access.CanManageAsync(t.CommunityId, ct);
        var canRecord = await access.CanRecordAsync(t.CommunityId, ct);
        // Live counts are for the staff who run the topic; a building leader sees what residents see.
        var staff = canManage || canRecord;
        var home = await access.HomeAsync(ct);
        var me = user.RequiredId;
        var now = Now;
        var place = await PlaceNameAsync(t, ct);

        var consultations = new List<ConsultationView>();
        foreach (var c in await db.Consultations.AsNoTracking().Include(c => c.Options).Where(c => c.TopicId == id).OrderBy(c => c.Id).ToListAsync(ct))
            consultations.Add(await ConsultationAsync(c, staff, me, now, ct));

        var voteViews = new List<VoteView>();
        foreach (var v in await db.Votes.AsNoTracking().Where(v => v.TopicId == id).OrderBy(v => v.Id).ToListAsync(ct))
            voteViews.Add(await VoteAsync(v, staff, ct));

        var meetings = await (from i in db.MeetingItems join m in db.Meetings on i.MeetingId equals m.Id where i.TopicId == id orderby m.StartsAt
                              select new MeetingRef(m.Id, m.Title, m.Kind, m.StartsAt,
                                  staff || db.MeetingAttendees.Any(a => a.MeetingId == m.Id && a.UserId == me))).ToListAsync(ct);
        var objections = await db.Objections.AsNoTracking().Where(o => o.TopicId == id).OrderBy(o => o.Id)
            .Select(o => new ObjectionView(o.Id, o.Name, o.Text, o.CreatedAt, o.Answer, o.AnsweredBy, o.AnsweredAt)).ToListAsync(ct);
        var milestones = (await db.Milestones.AsNoTracking().Where(m => m.TopicId == id).OrderBy(m => m.DueOn).ThenBy(m => m.Id).ToListAsync(ct))
            .Select(m => new MilestoneView(m.Id, m.Title, m.OwnerName, m.DueOn, m.Progress, m.Note, m.PhotoUrl, m.IsDone, m.IsOverdue(Today), m.Version)).ToList();
        var caseIds = staff ? await db.TopicCases.Where(c => c.TopicId == id).Select(c => c.CaseId).ToListAsync(ct) : [];
        var following = await db.TopicFollowers.AnyAsync(f => f.TopicId == id && f.UserId == me, ct);
        var supported = await db.TopicSupports.AnyAsync(s => s.TopicId == id && s.UserId == me, ct);

        return new TopicView(t.Id, t.Title, t.Description, t.Source, t.Status, t.Scope, place, t.ProposerName, t.Supporters, t.SupportersNeeded, t.MergedIntoId,
            t.Decision, t.NoticeText, t.NoticeFrom, t.NoticeUntil, t.Version, canManage, canRecord, home is not null, following, supported,
            t.InObjectionWindow(now), caseIds, consultations, meetings, voteViews, objections, milestones, CoverUrl(t));
    }

    private async Task<string> PlaceNameAsync(Topic t, CancellationToken ct)
    {
        var community = await db.Communities.Where(c => c.Id == t.CommunityId).Select(c => c.Name).FirstAsync(ct);
        if (t.EstateId is null) return community;
        var estate = await db.Estates.Where(e => e.Id == t.EstateId).Select(e => e.Name).FirstAsync(ct);
        if (t.BuildingId is null) return $"{community} · {estate}";
        var building = await db.Buildings.Where(b => b.Id == t.BuildingId).Select(b => b.Number).FirstAsync(ct);
        return $"{community} · {estate} · {building}栋";
    }

    // Live results for staff; residents see them once the consultation has closed.
    private async Task<ConsultationView> ConsultationAsync(Consultation c, bool staff, string me, DateTime now, CancellationToken ct)
    {
        var open = c.IsOpen(now);
        var shown = staff || !open;
        var mine = await db.ConsultationResponses.AsNoTracking().FirstOrDefaultAsync(r => r.ConsultationId == c.Id && r.UserId == me, ct);
        List<ConsultationResponse> all = shown ? await db.ConsultationResponses.AsNoTracking().Where(r => r.ConsultationId == c.Id).ToListAsync(ct) : [];
        var counts = all.SelectMany(r => r.PickNumbers).GroupBy(n => n).ToDictionary(g => g.Key, g => g.Count());
        var options = c.Options.OrderBy(o => o.Number).Select(o => new OptionView(o.Number, o.Text, o.Budget, shown ? counts.GetValueOrDefault(o.Number) : null)).ToList();
        var comments = shown ? all.Where(r => r.Comment is not null).OrderBy(r => r.AnsweredAt).Select(r => r.Comment!).Take(200).ToList() : [];
        return new ConsultationView(c.Id, c.Question, c.Mode, c.ClosesAt, open, shown, shown ? all.Count : null, options, comments,
            mine?.PickNumbers.ToList() ?? [], mine?.Comment);
    }

    // The topic a vote belongs to, for the vote page's heading, back link and rights. Call after GetVoteAsync,
    // which answers 404 for a vote the caller may not see; this one checks nothing itself.
    public async Task<VoteTopic> VoteTopicAsync(long voteId, CancellationToken ct = default) =>
        await db.Votes.Where(x => x.Id == voteId).Join(db.Topics, x => x.TopicId, t => t.Id, (x, t) => new VoteTopic(t.Id, t.Title, t.CommunityId)).FirstAsync(ct);

    public async Task<VoteView> GetVoteAsync(long voteId, CancellationToken ct = default)
    {
        var v = await db.Votes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == voteId, ct) ?? throw new NotFound();
        var topic = await access.TopicAsync(v.TopicId, ct);
        return await VoteAsync(v, await access.CanManageAsync(topic.CommunityId, ct) || await access.CanRecordAsync(topic.CommunityId, ct), ct);
    }

    // Turnout is shown to all; the count to staff live and to residents once the vote is closed.
    private async Task<VoteView> VoteAsync(Vote v, bool staff, CancellationToken ct)
    {
        var now = Now;
        var open = v.IsOpen(now);
        var voted = await db.Ballots.CountAsync(b => b.VoteId == v.Id, ct);
        var key = await votes.MyKeyAsync(v, ct);
        int? myChoice = key is null ? null : await db.Ballots.Where(b => b.VoteId == v.Id && b.VoterKey == key).Select(b => (int?)b.Choice).FirstOrDefaultAsync(ct);
        ResultView? result = null;
        if (staff || !open) result = Render(v, await VoteTally.CountAsync(db, v, ct));
        // Per-person and per-household votes say the approval their opener chose (the default when none was).
        var needs = v.Basis != VoteBasis.Owners278 && v.Approval is { } chosen ? chosen : Art278Tally.ThresholdFor(v.Basis, v.Matter);
        return new VoteView(v.Id, v.Title, v.Basis, v.Matter, needs, v.ChoiceList, v.Status, v.ClosesAt, open,
            v.AllowChange, v.OpenBallot, v.Electors, voted, key is not null && open, myChoice, result);
    }

    public ResultView Render(Vote v, TallyResult r)
    {
        var byArea = v.Basis == VoteBasis.Owners278;
        string OptionName(int n) => v.IsYesNo ? text[$"Deliberation.Choice.{n}"] : v.ChoiceList[n - 1];
        var checks = r.Checks.Select(c =>
        {
            var measure = !byArea && c.Measure is Measure.TurnoutHeads or Measure.ApprovalHeads ? $"{c.Measure}.{v.Basis}" : c.Measure.ToString();
            var line = text[$"Deliberation.Check.{measure}", c.ShareText, c.Share.Percent, text[$"Enum.Threshold.{c.Threshold}"].Value,
                text[c.Passed ? "Deliberation.Check.Passed" : "Deliberation.Check.Failed"].Value].Value;
            return c.Option is { } n ? $"{OptionName(n)}：{line}" : line;
        }).ToList();
        string outcome;
        if (r.Voted == 0) outcome = text["Deliberation.Outcome.NoBallots"];
        else if (!r.TurnoutMet) outcome = byArea ? text["Deliberation.Outcome.NoQuorum"]
            : text[$"Deliberation.Outcome.NoQuorum.{v.Basis}", text[$"Enum.Threshold.{v.Quorum}"].Value];
        else if (r.Adopted) outcome = v.IsYesNo ? text["Deliberation.Outcome.Adopted"] : text["Deliberation.Outcome.Chosen", OptionName(r.Winner!.Value)];
        else outcome = text[v.Basis == VoteBasis.Owners278 && Art278Tally.ThresholdFor(v.Basis, v.Matter) == Threshold.ThreeQuarters
            ? "Deliberation.Outcome.ShortThreeQuarters" : !byArea && v.Approval is { } a && a != Threshold.MoreThanHalf ? "Deliberation.Outcome.Short" : "Deliberation.Outcome.ShortHalf",
            text[$"Enum.Threshold.{v.Approval}"].Value];
        return new ResultView(r.TurnoutHeads.Text, r.TurnoutHeads.Percent, byArea ? r.TurnoutArea.AreaText : null, byArea ? r.TurnoutArea.Percent : null, r.TurnoutMet,
            r.Options.Select(o => new OptionResult(o.Number, OptionName(o.Number), o.Heads, Fraction.Area(o.AreaCenti))).ToList(), checks, r.Adopted, outcome);
    }

    // Staff see who voted (for turnout) and, only in an open ballot, how.
    public async Task<List<RollRow>> RollAsync(long voteId, CancellationToken ct = default)
    {
        var v = await db.Votes.AsNoTracking().FirstOrDefaultAsync(x => x.Id == voteId, ct) ?? throw new NotFound();
        var topic = await access.TopicAsync(v.TopicId, ct);
        if (!await access.IsStaffForAsync(topic.CommunityId, ct) || !user.Can(Capability.RecordBallots) && !user.Can(Capability.ManageDeliberation)) throw new Forbidden();
        var rows = await (from e in db.VoteElectors
                          where e.VoteId == voteId
                          join b in db.Ballots.Where(b => b.VoteId == voteId) on e.VoterKey equals b.VoterKey into g
                          from b in g.DefaultIfEmpty()
                          orderby e.Id
                          select new { e.Id, e.Name, e.Units, e.AreaCenti, Channel = (BallotChannel?)b.Channel, Choice = (int?)b.Choice }).ToListAsync(ct);
        return rows.Select(r => new RollRow(r.Id, r.Name, r.Units, Fraction.Area(r.AreaCenti), r.Channel is not null, r.Channel, v.OpenBallot ? r.Choice : null)).ToList();
    }

    public async Task<MeetingView> MeetingAsync(long id, CancellationToken ct = default)
    {
        var m = await db.Meetings.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFound();
        var me = user.RequiredId;
        var staff = await access.IsStaffForAsync(m.CommunityId, ct);
        var invited = await db.MeetingAttendees.AnyAsync(a => a.MeetingId == id && a.UserId == me, ct);
        if (!staff && !invited) throw new NotFound();
        var items = await (from i in db.MeetingItems join t in db.Topics on i.TopicId equals t.Id where i.MeetingId == id orderby i.Position
                           select new ItemView(i.Id, t.Id, t.Title, i.Position, i.Resolution, i.VotesFor, i.VotesAgainst, i.VotesAbstain, i.Adopted)).ToListAsync(ct);
        var attendees = await db.MeetingAttendees.AsNoTracking().Where(a => a.MeetingId == id).OrderBy(a => a.Capacity).ThenBy(a => a.Id)
            .Select(a => new AttendeeView(a.Id, a.Name, a.Capacity, a.Organisation, a.SignedInAt != null, a.SignInMethod, a.UserId == me)).ToListAsync(ct);
        return new MeetingView(m.Id, m.CommunityId, m.Kind, m.Title, m.Place, m.StartsAt, m.Minutes, staff ? m.SignInCode : null, m.Version,
            attendees.Count, attendees.Count(a => a.SignedIn), items, attendees, await access.CanManageAsync(m.CommunityId, ct), await access.CanRecordAsync(m.CommunityId, ct));
    }

    public async Task<List<MeetingRef>> MeetingsAsync(CancellationToken ct = default)
    {
        var communities = (await access.StaffCommunitiesAsync(ct)).ToList();
        var me = user.RequiredId;
        return await db.Meetings.AsNoTracking()
            .Where(m => communities.Contains(m.CommunityId) || db.MeetingAttendees.Any(a => a.MeetingId == m.Id && a.UserId == me))
            .OrderByDescending(m => m.StartsAt).Take(100).Select(m => new MeetingRef(m.Id, m.Title, m.Kind, m.StartsAt)).ToListAsync(ct);
    }

    public sealed record PlaceChoice(long Id, string Name, long CommunityId);

    // The communities (and their estates) the caller may open topics and meetings in.
    // The community a new meeting for this topic is held in: only for those who run the topic (outside the scope: 404).
    public async Task<long?> ManagedCommunityOfAsync(long topicId, CancellationToken ct = default)
    {
        var t = await (await access.VisibleAsync(ct)).AsNoTracking().FirstOrDefaultAsync(x => x.Id == topicId, ct) ?? throw new NotFound();
        return await access.CanManageAsync(t.CommunityId, ct) ? t.CommunityId : null;
    }

    public async Task<(List<PlaceChoice> Communities, List<PlaceChoice> Estates)> ManagedPlacesAsync(CancellationToken ct = default)
    {
        if (!user.Can(Capability.ManageDeliberation)) return ([], []);
        var all = await db.Communities.AsNoTracking().OrderBy(c => c.Id).Select(c => new PlaceChoice(c.Id, c.Name, c.Id)).ToListAsync(ct);
        var mine = new List<PlaceChoice>();
        foreach (var c in all) if (await access.CanManageAsync(c.Id, ct)) mine.Add(c);
        var ids = mine.Select(c => c.Id).ToList();
        var estates = await db.Estates.AsNoTracking().Where(e => ids.Contains(e.CommunityId)).OrderBy(e => e.Id).Select(e => new PlaceChoice(e.Id, e.Name, e.CommunityId)).ToListAsync(ct);
        return (mine, estates);
    }

    // 逾期事项: open milestones past their date in the caller's communities, for staff work lists.
    public async Task<List<OverdueRow>> OverdueAsync(CancellationToken ct = default)
    {
        if (!user.Can(Capability.ManageDeliberation) && !user.Can(Capability.RecordBallots)) throw new Forbidden();
        var communities = (await access.StaffCommunitiesAsync(ct)).ToList();
        var today = Today;
        return await (from m in db.Milestones
                      join t in db.Topics on m.TopicId equals t.Id
                      where m.DoneAt == null && m.DueOn < today && communities.Contains(t.CommunityId) && t.Status == TopicStatus.Implementation
                      orderby m.DueOn
                      select new OverdueRow(m.Id, t.Id, t.Title, m.Title, m.OwnerName, m.DueOn, m.Progress)).Take(200).ToListAsync(ct);
    }
}

using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Webhooks;

namespace Gongzhi.Web.Modules.Deliberation;

public sealed record OpenVoteInput(string? Title, VoteBasis? Basis, Art278Matter? Matter, IReadOnlyList<string>? Choices, int? Days, bool AllowChange = true, bool OpenBallot = false,
    Tally.Threshold? Quorum = null, Tally.Threshold? Approval = null);
public sealed record CastInput(int Choice);
public sealed record PaperInput(long ElectorId, int Choice);

// Opening, casting and closing votes. A voter's ballot is written by one conflict-handling
// statement against the unique (vote, voter) index: however many requests arrive at once for the
// same voter — online twice, online and on paper — one row exists, and the last change counts.
public sealed class VoteCommands(GongzhiDb db, DeliberationAccess access, CurrentUser user, TopicNotifier notifier, BallotGate gate, IWebhookEvents webhooks,
    TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<long> OpenAsync(long topicId, OpenVoteInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(topicId, ct);
        var now = Now;
        var vote = new Vote(topic.Id, input.Title, input.Basis ?? 0, input.Matter, input.Choices, now, input.Days ?? 7, input.AllowChange, input.OpenBallot, user.RequiredId, input.Quorum, input.Approval);
        topic.StartVote(now);
        var today = DateOnly.FromDateTime(now.AddHours(8));
        var roll = await ElectorRoll.BuildAsync(db, DeliberationAccess.PlaceOf(topic), vote.Basis, today, ct);
        if (roll.Count == 0) throw new ValidationFailure("Basis", "Deliberation.Error.EmptyRoll");
        vote.SetElectors(roll.Count);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Votes.Add(vote);
        await SaveAsync(ct);
        db.VoteElectors.AddRange(roll.Select(e => new VoteElector(vote.Id, e.Key, e.Name, e.ResidentId, e.HouseholdId, e.AreaCenti, e.Units)));
        await notifier.TellAsync(topic, "topic.vote", "Deliberation.Notice.VoteOpened", now, ct: ct);
        await SaveAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return vote.Id;
    }

    // Online, by the voter: the registry says which entry on the roll is theirs.
    public Task CastAsync(long voteId, CastInput input, CancellationToken ct = default) => gate.RunAsync(async () =>
    {
        var (vote, _) = await LoadAsync(voteId, ct);
        vote.CheckCastable(input.Choice, Now);
        var key = await MyKeyAsync(vote, ct) ?? throw new Forbidden(vote.Basis == VoteBasis.Owners278 ? "Deliberation.Error.NotOwner" : "Deliberation.Error.NotOnRoll");
        await WriteAsync(vote, key, input.Choice, BallotChannel.Online, ct);
        return true;
    }, ct);

    // From a paper ballot, by staff of the community: counted exactly like an online one, once.
    public Task RecordPaperAsync(long voteId, PaperInput input, CancellationToken ct = default) => gate.RunAsync(async () =>
    {
        var (vote, topic) = await LoadAsync(voteId, ct);
        if (!await access.CanRecordAsync(topic.CommunityId, ct)) throw new Forbidden();
        vote.CheckCastable(input.Choice, Now);
        var key = await db.VoteElectors.Where(e => e.Id == input.ElectorId && e.VoteId == voteId).Select(e => e.VoterKey).FirstOrDefaultAsync(ct)
                  ?? throw new ValidationFailure("ElectorId", "Deliberation.Error.NotOnRoll");
        await WriteAsync(vote, key, input.Choice, BallotChannel.Paper, ct);
        return true;
    }, ct);

    public async Task<string?> MyKeyAsync(Vote vote, CancellationToken ct = default)
    {
        var home = await access.HomeAsync(ct);
        if (home is null) return null;
        var key = vote.Basis switch
        {
            VoteBasis.Owners278 => await db.VoteElectors.Where(e => e.VoteId == vote.Id && e.ResidentId == home.ResidentId).Select(e => e.VoterKey).FirstOrDefaultAsync(ct),
            VoteBasis.PerHousehold => ElectorRoll.HouseholdKey(home.HouseholdId),
            _ => ElectorRoll.ResidentKey(home.ResidentId),
        };
        if (key is null) return null;
        if (vote.Basis == VoteBasis.PerHousehold && !await access.IsAdultAsync(home.ResidentId, ct)) return null;
        return await db.VoteElectors.AnyAsync(e => e.VoteId == vote.Id && e.VoterKey == key, ct) ? key : null;
    }

    private async Task WriteAsync(Vote vote, string key, int choice, BallotChannel channel, CancellationToken ct)
    {
        var by = user.RequiredId;
        var now = Now;
        var voteId = vote.Id;
        var channelValue = (int)channel;
        // The vote's row is read with a share lock on PostgreSQL, so a ballot either lands before the
        // vote closes (and the close waits for it) or finds it closed; SQLite runs one writer at a time.
        var rows = db.Database.IsNpgsql()
            ? vote.AllowChange
                ? await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "Ballots" ("VoteId", "VoterKey", "Choice", "Channel", "CastByUserId", "CastAt", "Changes")
                    SELECT {voteId}, {key}, {choice}, {channelValue}, {by}, {now}, 0
                    WHERE EXISTS (SELECT 1 FROM "Votes" WHERE "Id" = {voteId} AND "Status" = 1 FOR SHARE)
                    ON CONFLICT ("VoteId", "VoterKey") DO UPDATE SET "Choice" = excluded."Choice", "Channel" = excluded."Channel",
                        "CastByUserId" = excluded."CastByUserId", "CastAt" = excluded."CastAt", "Changes" = "Ballots"."Changes" + 1
                    """, ct)
                : await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "Ballots" ("VoteId", "VoterKey", "Choice", "Channel", "CastByUserId", "CastAt", "Changes")
                    SELECT {voteId}, {key}, {choice}, {channelValue}, {by}, {now}, 0
                    WHERE EXISTS (SELECT 1 FROM "Votes" WHERE "Id" = {voteId} AND "Status" = 1 FOR SHARE)
                    ON CONFLICT ("VoteId", "VoterKey") DO NOTHING
                    """, ct)
            : vote.AllowChange
                ? await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "Ballots" ("VoteId", "VoterKey", "Choice", "Channel", "CastByUserId", "CastAt", "Changes")
                    SELECT {voteId}, {key}, {choice}, {channelValue}, {by}, {now}, 0
                    WHERE EXISTS (SELECT 1 FROM "Votes" WHERE "Id" = {voteId} AND "Status" = 1)
                    ON CONFLICT ("VoteId", "VoterKey") DO UPDATE SET "Choice" = excluded."Choice", "Channel" = excluded."Channel",
                        "CastByUserId" = excluded."CastByUserId", "CastAt" = excluded."CastAt", "Changes" = "Ballots"."Changes" + 1
                    """, ct)
                : await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "Ballots" ("VoteId", "VoterKey", "Choice", "Channel", "CastByUserId", "CastAt", "Changes")
                    SELECT {voteId}, {key}, {choice}, {channelValue}, {by}, {now}, 0
                    WHERE EXISTS (SELECT 1 FROM "Votes" WHERE "Id" = {voteId} AND "Status" = 1)
                    ON CONFLICT ("VoteId", "VoterKey") DO NOTHING
                    """, ct);
        if (rows > 0) return;
        var status = await db.Votes.Where(v => v.Id == voteId).Select(v => v.Status).FirstAsync(ct);
        if (status != VoteStatus.Open) throw new DomainException("Deliberation.Error.VoteClosed");
        throw new DuplicateFailure("Choice", "Deliberation.Error.AlreadyVoted");
    }

    public const string VoteClosedEvent = "vote.closed";

    public async Task<bool> CloseAsync(long voteId, CancellationToken ct = default)
    {
        var vote = await db.Votes.FirstOrDefaultAsync(v => v.Id == voteId, ct) ?? throw new NotFound();
        var topic = await access.TopicToManageAsync(vote.TopicId, ct);
        if (vote.Status != VoteStatus.Open) throw new DomainException("Deliberation.Error.VoteClosed");
        var now = Now;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the close first: from here no ballot is written (see WriteAsync), so the count below is final.
        var claimed = await db.Votes.Where(v => v.Id == voteId && v.Status == VoteStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, VoteStatus.Closed), ct);
        if (claimed == 0) throw new ConcurrencyConflict("Deliberation.Error.VoteClosed");
        var result = await VoteTally.CountAsync(db, vote, ct);
        vote.Close(result.Adopted, now);
        topic.Resolve(result.Adopted, null, now);
        await notifier.TellAsync(topic, "topic.resolved", result.Adopted ? "Deliberation.Notice.Adopted" : "Deliberation.Notice.Rejected", now, ct: ct);
        await webhooks.RaiseAsync(VoteClosedEvent, topic.CommunityId, new
        {
            id = voteId, topicId = topic.Id, topic = topic.Title, adopted = result.Adopted, closedAt = now, url = $"/topics/{topic.Id}",
        }, now, ct);
        await SaveAsync(ct);
        await tx.CommitAsync(ct);
        return result.Adopted;
    }

    private async Task<(Vote Vote, Topic Topic)> LoadAsync(long voteId, CancellationToken ct)
    {
        var vote = await db.Votes.AsNoTracking().FirstOrDefaultAsync(v => v.Id == voteId, ct) ?? throw new NotFound();
        var topic = await access.TopicAsync(vote.TopicId, ct);
        if (topic.Status == TopicStatus.Withdrawn || topic.Status == TopicStatus.Merged) throw new DomainException("Deliberation.Error.TopicClosed");
        return (vote, topic);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveOrConflictAsync("Deliberation.Error.Changed", ct);
    }
}

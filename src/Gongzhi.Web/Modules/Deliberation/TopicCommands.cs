using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Deliberation;

public sealed record TopicInput(string? Title, string? Description, TopicSource? Source, TopicScope? Scope, long? CommunityId, long? EstateId, long? BuildingId, IReadOnlyList<long>? CaseIds);
public sealed record VersionInput(int Version);
public sealed record MergeTopicInput(long TargetId, int Version);
public sealed record NoticeInput(string? Text, int? Days, int Version);
public sealed record TextInput(string? Text);
public sealed record MilestoneInput(string? Title, string? OwnerName, DateOnly? DueOn);
public sealed record ProgressInput(int Progress, string? Note, string? PhotoUrl, int Version);

// Topic moves outside votes, consultations and meetings: proposing, supporting, withdrawing,
// merging, the public notice with its objections, and implementation milestones.
public sealed class TopicCommands(GongzhiDb db, DeliberationAccess access, CurrentUser user, TopicNotifier notifier, TimeProvider clock, IConfiguration config,
    Requests.Photos.PhotoStore photos)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public int SupportersNeeded => Math.Clamp(config.GetValue("Deliberation:SupportersNeeded", 10), 0, 10000);

    public async Task<long> CreateAsync(TopicInput input, CancellationToken ct = default)
    {
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        var now = Now;
        Topic topic;
        if (user.Can(Capability.ManageDeliberation))
        {
            var place = await StaffPlaceAsync(input, ct);
            if (!await access.CanManageAsync(place.CommunityId, ct)) throw new Forbidden();
            var source = input.Source ?? TopicSource.Staff;
            if (source == TopicSource.Resident) throw new ValidationFailure("Source", "Deliberation.Error.StaffSource");
            topic = new Topic(input.Title, input.Description, source, place, user.RequiredId, user.Name, 0, now);
            var caseIds = (input.CaseIds ?? []).Distinct().ToList();
            if (source == TopicSource.CaseCluster)
            {
                if (caseIds.Count == 0) throw new ValidationFailure("CaseIds", "Deliberation.Error.CasesRequired");
                var found = await db.Cases.CountAsync(c => caseIds.Contains(c.Id) && c.CommunityId == place.CommunityId, ct);
                if (found != caseIds.Count) throw new ValidationFailure("CaseIds", "Deliberation.Error.CaseUnknown");
            }
            else if (caseIds.Count > 0) throw new ValidationFailure("CaseIds", "Deliberation.Error.CasesOnlyForCluster");
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Topics.Add(topic);
            await db.SaveChangesAsync(ct);
            db.TopicCases.AddRange(caseIds.Select(id => new TopicCase(topic.Id, id)));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return topic.Id;
        }

        // A resident proposes for their own community, estate or building; they are its first supporter.
        var home = await access.HomeAsync(ct) ?? throw new Forbidden("Deliberation.Error.NoHome");
        if (input.Source is not (null or TopicSource.Resident)) throw new ValidationFailure("Source", "Deliberation.Error.ResidentSource");
        if (input.CaseIds is { Count: > 0 }) throw new ValidationFailure("CaseIds", "Deliberation.Error.CasesOnlyForCluster");
        var scope = input.Scope ?? TopicScope.Community;
        if (!Enum.IsDefined(scope)) throw new ValidationFailure("Scope", "Validation.Required");
        var homePlace = scope switch
        {
            TopicScope.Building => new TopicPlace(home.CommunityId, home.EstateId, home.BuildingId),
            TopicScope.Estate => new TopicPlace(home.CommunityId, home.EstateId, null),
            _ => new TopicPlace(home.CommunityId, null, null),
        };
        topic = new Topic(input.Title, input.Description, TopicSource.Resident, homePlace, user.RequiredId, user.Name, SupportersNeeded, now);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.Topics.Add(topic);
            await db.SaveChangesAsync(ct);
            db.TopicSupports.Add(new TopicSupport(topic.Id, user.RequiredId, now));
            db.TopicFollowers.Add(new TopicFollower(topic.Id, user.RequiredId, now));
            await db.SaveChangesAsync(ct);
            await db.Topics.Where(t => t.Id == topic.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Supporters, 1), ct);
            await tx.CommitAsync(ct);
        }
        return topic.Id;
    }

    private async Task<TopicPlace> StaffPlaceAsync(TopicInput input, CancellationToken ct)
    {
        if (input.BuildingId is { } b)
        {
            var row = await (from x in db.Buildings join e in db.Estates on x.EstateId equals e.Id where x.Id == b select new { e.CommunityId, EstateId = e.Id }).FirstOrDefaultAsync(ct)
                      ?? throw new ValidationFailure("BuildingId", "Deliberation.Error.PlaceUnknown");
            return new TopicPlace(row.CommunityId, row.EstateId, b);
        }
        if (input.EstateId is { } est)
        {
            var community = await db.Estates.Where(e => e.Id == est).Select(e => (long?)e.CommunityId).FirstOrDefaultAsync(ct)
                            ?? throw new ValidationFailure("EstateId", "Deliberation.Error.PlaceUnknown");
            return new TopicPlace(community, est, null);
        }
        if (input.CommunityId is { } c && await db.Communities.AnyAsync(x => x.Id == c, ct)) return new TopicPlace(c, null, null);
        throw new ValidationFailure("CommunityId", "Deliberation.Error.PlaceUnknown");
    }

    // 附议. One support per person (the key of TopicSupports); the count is raised in the same statement
    // that checks the topic still gathers support, so simultaneous supporters are all counted.
    public async Task<int> SupportAsync(long id, CancellationToken ct = default)
    {
        var topic = await access.TopicAsync(id, ct);
        if (await access.HomeAsync(ct) is null) throw new Forbidden("Deliberation.Error.NoHome");
        if (topic.Status != TopicStatus.Proposed) throw new DomainException("Deliberation.Error.NotProposed");
        var me = user.RequiredId;
        if (await db.TopicSupports.AnyAsync(s => s.TopicId == id && s.UserId == me, ct)) throw new DuplicateFailure("Id", "Deliberation.Error.AlreadySupported");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.TopicSupports.Add(new TopicSupport(id, me, Now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new DuplicateFailure("Id", "Deliberation.Error.AlreadySupported");
        }
        var raised = await db.Topics.Where(t => t.Id == id && t.Status == TopicStatus.Proposed)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Supporters, t => t.Supporters + 1).SetProperty(t => t.Version, t => t.Version + 1), ct);
        if (raised == 0) throw new DomainException("Deliberation.Error.NotProposed");
        await tx.CommitAsync(ct);
        return await db.Topics.Where(t => t.Id == id).Select(t => t.Supporters).FirstAsync(ct);
    }

    public async Task FollowAsync(long id, bool follow, CancellationToken ct = default)
    {
        await access.TopicAsync(id, ct);
        var me = user.RequiredId;
        var existing = await db.TopicFollowers.FirstOrDefaultAsync(f => f.TopicId == id && f.UserId == me, ct);
        if (follow && existing is null) db.TopicFollowers.Add(new TopicFollower(id, me, Now));
        if (!follow && existing is not null) db.TopicFollowers.Remove(existing);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Following twice at once: the other request already did it.
        }
    }

    public async Task WithdrawAsync(long id, VersionInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicAsync(id, ct);
        // The proposer may withdraw their own proposal; staff any topic they manage.
        if (topic.ProposerUserId != user.Id && !await access.CanManageAsync(topic.CommunityId, ct)) throw new Forbidden();
        topic.CheckVersion(input.Version);
        topic.Withdraw(Now);
        await notifier.TellAsync(topic, "topic.withdrawn", "Deliberation.Notice.Withdrawn", Now, ct: ct);
        await SaveAsync(ct);
    }

    public async Task MergeAsync(long id, MergeTopicInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(id, ct);
        topic.CheckVersion(input.Version);
        var target = await db.Topics.FirstOrDefaultAsync(t => t.Id == input.TargetId && t.CommunityId == topic.CommunityId, ct)
                     ?? throw new ValidationFailure("TargetId", "Deliberation.Error.MergeTargetUnknown");
        topic.MergeInto(target, Now);
        await notifier.TellAsync(topic, "topic.merged", "Deliberation.Notice.Merged", Now, target.Title, ct);
        await SaveAsync(ct);
    }

    public async Task PublishAsync(long id, NoticeInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(id, ct);
        topic.CheckVersion(input.Version);
        topic.Publish(input.Text, input.Days ?? 7, Now);
        await notifier.TellAsync(topic, "topic.notice", "Deliberation.Notice.Published", Now, ct: ct);
        await SaveAsync(ct);
    }

    public async Task<long> ObjectAsync(long id, TextInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicAsync(id, ct);
        var objection = new Objection(topic, user.RequiredId, user.Name, input.Text, Now);
        db.Objections.Add(objection);
        await db.SaveChangesAsync(ct);
        return objection.Id;
    }

    public async Task AnswerObjectionAsync(long id, long objectionId, TextInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(id, ct);
        var objection = await db.Objections.FirstOrDefaultAsync(o => o.Id == objectionId && o.TopicId == topic.Id, ct) ?? throw new NotFound();
        objection.Reply(input.Text, user.Name, Now);
        db.Notifications.Add(new Platform.Notifications.Notification(objection.UserId, "topic.objection", "Deliberation.Notice.ObjectionAnswered", [topic.Title], $"/topics/{topic.Id}", Now));
        await db.SaveChangesAsync(ct);
    }

    public async Task StartImplementationAsync(long id, VersionInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(id, ct);
        topic.CheckVersion(input.Version);
        var open = await db.Objections.CountAsync(o => o.TopicId == id && o.Answer == null, ct);
        topic.StartImplementation(open, Now);
        await notifier.TellAsync(topic, "topic.implementation", "Deliberation.Notice.Implementation", Now, ct: ct);
        await SaveAsync(ct);
    }

    public async Task<long> AddMilestoneAsync(long id, MilestoneInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(id, ct);
        if (topic.Status is not (TopicStatus.Adopted or TopicStatus.Notice or TopicStatus.Implementation))
            throw new DomainException("Deliberation.Error.NotAdopted");
        var milestone = new Milestone(topic.Id, input.Title, input.OwnerName, input.DueOn ?? throw new ValidationFailure("DueOn", "Validation.Required"), Now);
        db.Milestones.Add(milestone);
        await db.SaveChangesAsync(ct);
        return milestone.Id;
    }

    public async Task ReportAsync(long id, long milestoneId, ProgressInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(id, ct);
        if (topic.Status != TopicStatus.Implementation) throw new DomainException("Deliberation.Error.NotImplementing");
        var milestone = await db.Milestones.FirstOrDefaultAsync(m => m.Id == milestoneId && m.TopicId == id, ct) ?? throw new NotFound();
        milestone.Report(input.Progress, input.Note, input.PhotoUrl, input.Version, Now);
        await notifier.TellAsync(topic, "topic.progress", milestone.IsDone ? "Deliberation.Notice.MilestoneDone" : "Deliberation.Notice.Progress", Now, milestone.Title, ct);
        await SaveAsync(ct);
    }

    public async Task FinishAsync(long id, VersionInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(id, ct);
        topic.CheckVersion(input.Version);
        var open = await db.Milestones.CountAsync(m => m.TopicId == id && m.DoneAt == null, ct);
        topic.Finish(open, Now);
        await notifier.TellAsync(topic, "topic.done", "Deliberation.Notice.Done", Now, ct: ct);
        await SaveAsync(ct);
    }

    // Staff of the topic's community set, replace or remove its cover picture (404 outside sight, 403 when not theirs).
    public async Task SetCoverAsync(long id, Requests.Photos.PhotoUpload? upload, bool remove, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(id, ct);
        await Requests.Photos.CoverPictures.ReplaceAsync(photos, upload, remove, Now, topic.SetCover, () => SaveAsync(ct), ct);
    }

    private async Task SaveAsync(CancellationToken ct)
    {
        await db.SaveOrConflictAsync("Deliberation.Error.Changed", ct);
    }
}

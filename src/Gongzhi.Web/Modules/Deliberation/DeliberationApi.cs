using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Platform;
using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
namespace Gongzhi.Web.Modules.Deliberation;

public static class DeliberationApi
{
    public static void MapDeliberationApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Deliberation").ProducesErrors(404, 409);

        g.MapGet("/topics", ListTopics).WithExport("topics").WithSummary("议题: the topics the caller may see, latest first");
        g.MapPost("/topics", ProposeTopic)
            .WithSummary("Propose a topic (a resident for their community, estate or building; staff with a source, and case ids for a case cluster)");
        g.MapGet("/topics/{id:long}", GetTopic);
        g.MapPost("/topics/{id:long}/support", SupportTopic).WithSummary("附议: support a resident's proposal (once per person)");
        g.MapPost("/topics/{id:long}/follow", FollowTopic);
        g.MapPost("/topics/{id:long}/withdraw", WithdrawTopic);
        g.MapPost("/topics/{id:long}/merge", MergeTopic);
        g.MapPost("/topics/{id:long}/cover", SetTopicCover).DisableAntiforgery()
            .WithSummary("Staff set the topic's cover picture (multipart: cover, a JPEG/PNG/WebP photo checked like case photos) or remove it (remove=true)");
        g.MapPost("/topics/{id:long}/consultations", OpenConsultation)
            .WithSummary("征求意见: open a consultation (options with budgets, or open comments)");
        g.MapPost("/consultations/{id:long}/answer", AnswerConsultation);
        g.MapPost("/consultations/{id:long}/close", CloseConsultation);

        g.MapGet("/meetings", ListMeetings);
        g.MapPost("/meetings", CreateMeeting).WithSummary("议事会: a meeting with its agenda of topics");
        g.MapGet("/meetings/{id:long}", GetMeeting);
        g.MapPost("/meetings/{id:long}/attendees", InviteAttendee);
        g.MapPost("/meetings/{id:long}/attendees/{attendeeId:long}/tick", TickAttendee);
        g.MapPost("/meetings/{id:long}/sign-in", SignIn).WithSummary("扫码签到 with the code of the meeting's QR code");
        g.MapPost("/meetings/{id:long}/minutes", RecordMinutes);
        g.MapPost("/meetings/{id:long}/items/{itemId:long}/resolve", ResolveItem);

        g.MapPost("/topics/{id:long}/votes", OpenVote)
            .WithSummary("表决: open a vote (per person, per household, or owners under Civil Code Art. 278 with the matter)");
        g.MapGet("/votes/{id:long}", GetVote)
            .WithSummary("A vote with turnout, and its exact count for staff (live) or everyone (after closing)");
        g.MapPost("/votes/{id:long}/ballot", CastBallot)
            .WithSummary("Cast or change one's ballot (1 for, 2 against, 3 abstain; or the option number)");
        g.MapPost("/votes/{id:long}/paper", RecordPaperBallot).WithSummary("Record a paper ballot for an elector on the roll");
        g.MapGet("/votes/{id:long}/roll", GetRoll).WithSummary("The roll: who voted and by which channel; how, only in an open ballot");
        g.MapPost("/votes/{id:long}/close", CloseVote);

        g.MapPost("/topics/{id:long}/notice", PublishNotice).WithSummary("公示: publish the adopted decision for a notice period");
        g.MapPost("/topics/{id:long}/objections", RaiseObjection);
        g.MapPost("/topics/{id:long}/objections/{objectionId:long}/answer", AnswerObjection);
        g.MapPost("/topics/{id:long}/implementation", StartImplementation);
        g.MapPost("/topics/{id:long}/milestones", AddMilestone);
        g.MapPost("/topics/{id:long}/milestones/{milestoneId:long}/progress", ReportProgress);
        g.MapPost("/topics/{id:long}/done", FinishTopic);
        g.MapGet("/milestones/overdue", ListOverdueMilestones)
            .WithSummary("Overdue implementation milestones of the caller's communities (staff work list)");
    }

    // Topics and consultations

    static async Task<Ok<List<TopicRow>>> ListTopics(TopicStatus? status, TopicQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.ListAsync(status, ct));

    static async Task<Created<IdResponse>> ProposeTopic(TopicInput input, TopicCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/topics/{id}", new IdResponse(id));
    }

    static async Task<Ok<TopicView>> GetTopic(long id, TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(id, ct));

    static async Task<Ok<SupportersResponse>> SupportTopic(long id, TopicCommands c, CancellationToken ct) =>
        TypedResults.Ok(new SupportersResponse(await c.SupportAsync(id, ct)));

    static async Task<NoContent> FollowTopic(long id, bool? follow, TopicCommands c, CancellationToken ct)
    {
        await c.FollowAsync(id, follow ?? true, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> WithdrawTopic(long id, VersionInput input, TopicCommands c, CancellationToken ct)
    {
        await c.WithdrawAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> SetTopicCover(long id, HttpRequest request, TopicCommands c, CancellationToken ct)
    {
        var (upload, remove) = request.HasFormContentType ? Requests.Photos.CoverPictures.FromForm(await request.ReadFormAsync(ct)) : (null, false);
        await c.SetCoverAsync(id, upload, remove, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> MergeTopic(long id, MergeTopicInput input, TopicCommands c, CancellationToken ct)
    {
        await c.MergeAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IdResponse>> OpenConsultation(long id, ConsultationInput input, ConsultationCommands c, CancellationToken ct) =>
        TypedResults.Ok(new IdResponse(await c.OpenAsync(id, input, ct)));

    static async Task<NoContent> AnswerConsultation(long id, AnswerInput input, ConsultationCommands c, CancellationToken ct)
    {
        await c.AnswerAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> CloseConsultation(long id, ConsultationCommands c, CancellationToken ct)
    {
        await c.CloseAsync(id, ct);
        return TypedResults.NoContent();
    }

    // Meetings

    static async Task<Ok<List<MeetingRef>>> ListMeetings(TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.MeetingsAsync(ct));

    static async Task<Ok<IdResponse>> CreateMeeting(MeetingInput input, MeetingCommands c, CancellationToken ct) =>
        TypedResults.Ok(new IdResponse(await c.CreateAsync(input, ct)));

    static async Task<Ok<MeetingView>> GetMeeting(long id, TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.MeetingAsync(id, ct));

    static async Task<Ok<IdResponse>> InviteAttendee(long id, AttendeeInput input, MeetingCommands c, CancellationToken ct) =>
        TypedResults.Ok(new IdResponse(await c.InviteAsync(id, input, ct)));

    static async Task<NoContent> TickAttendee(long id, long attendeeId, MeetingCommands c, CancellationToken ct)
    {
        await c.TickAsync(id, attendeeId, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> SignIn(long id, SignInInput input, MeetingCommands c, CancellationToken ct)
    {
        await c.SignInAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> RecordMinutes(long id, MinutesInput input, MeetingCommands c, CancellationToken ct)
    {
        await c.MinutesAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ResolveItem(long id, long itemId, ItemResolutionInput input, MeetingCommands c, CancellationToken ct)
    {
        await c.ResolveItemAsync(id, itemId, input, ct);
        return TypedResults.NoContent();
    }

    // Votes

    static async Task<Ok<IdResponse>> OpenVote(long id, OpenVoteInput input, VoteCommands c, CancellationToken ct) =>
        TypedResults.Ok(new IdResponse(await c.OpenAsync(id, input, ct)));

    static async Task<Ok<VoteView>> GetVote(long id, TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetVoteAsync(id, ct));

    static async Task<NoContent> CastBallot(long id, CastInput input, VoteCommands c, CancellationToken ct)
    {
        await c.CastAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> RecordPaperBallot(long id, PaperInput input, VoteCommands c, CancellationToken ct)
    {
        await c.RecordPaperAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<List<RollRow>>> GetRoll(long id, TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.RollAsync(id, ct));

    static async Task<Ok<VoteClosedResponse>> CloseVote(long id, VoteCommands c, CancellationToken ct) =>
        TypedResults.Ok(new VoteClosedResponse(await c.CloseAsync(id, ct)));

    // Notice, objections and implementation

    static async Task<NoContent> PublishNotice(long id, NoticeInput input, TopicCommands c, CancellationToken ct)
    {
        await c.PublishAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IdResponse>> RaiseObjection(long id, TextInput input, TopicCommands c, CancellationToken ct) =>
        TypedResults.Ok(new IdResponse(await c.ObjectAsync(id, input, ct)));

    static async Task<NoContent> AnswerObjection(long id, long objectionId, TextInput input, TopicCommands c, CancellationToken ct)
    {
        await c.AnswerObjectionAsync(id, objectionId, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> StartImplementation(long id, VersionInput input, TopicCommands c, CancellationToken ct)
    {
        await c.StartImplementationAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IdResponse>> AddMilestone(long id, MilestoneInput input, TopicCommands c, CancellationToken ct) =>
        TypedResults.Ok(new IdResponse(await c.AddMilestoneAsync(id, input, ct)));

    static async Task<NoContent> ReportProgress(long id, long milestoneId, ProgressInput input, TopicCommands c, CancellationToken ct)
    {
        await c.ReportAsync(id, milestoneId, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> FinishTopic(long id, VersionInput input, TopicCommands c, CancellationToken ct)
    {
        await c.FinishAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<List<OverdueRow>>> ListOverdueMilestones(TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.OverdueAsync(ct));
}

// {"supporters": 12}: how many residents now support the proposal.
public sealed record SupportersResponse(int Supporters);

// {"adopted": true}: whether the closed vote carried.
public sealed record VoteClosedResponse(bool Adopted);

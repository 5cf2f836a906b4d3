using Gongzhi.Web.Platform.Problems;
namespace Gongzhi.Web.Modules.Deliberation;

public static class DeliberationApi
{
    public static void MapDeliberationApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Deliberation").ProducesErrors(404, 409);

        g.MapGet("/topics", async (TopicStatus? status, TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.ListAsync(status, ct)))
            .WithSummary("议题: the topics the caller may see, latest first");
        g.MapPost("/topics", async (TopicInput input, TopicCommands c, CancellationToken ct) =>
        {
            var id = await c.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/topics/{id}", new { id });
        }).WithSummary("Propose a topic (a resident for their community, estate or building; staff with a source, and case ids for a case cluster)");
        g.MapGet("/topics/{id:long}", async (long id, TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetAsync(id, ct)));
        g.MapPost("/topics/{id:long}/support", async (long id, TopicCommands c, CancellationToken ct) => TypedResults.Ok(new { supporters = await c.SupportAsync(id, ct) }))
            .WithSummary("附议: support a resident's proposal (once per person)");
        g.MapPost("/topics/{id:long}/follow", async (long id, bool? follow, TopicCommands c, CancellationToken ct) => { await c.FollowAsync(id, follow ?? true, ct); return TypedResults.NoContent(); });
        g.MapPost("/topics/{id:long}/withdraw", async (long id, VersionInput input, TopicCommands c, CancellationToken ct) => { await c.WithdrawAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/topics/{id:long}/merge", async (long id, MergeTopicInput input, TopicCommands c, CancellationToken ct) => { await c.MergeAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/topics/{id:long}/consultations", async (long id, ConsultationInput input, ConsultationCommands c, CancellationToken ct) =>
            TypedResults.Ok(new { id = await c.OpenAsync(id, input, ct) })).WithSummary("征求意见: open a consultation (options with budgets, or open comments)");
        g.MapPost("/consultations/{id:long}/answer", async (long id, AnswerInput input, ConsultationCommands c, CancellationToken ct) => { await c.AnswerAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/consultations/{id:long}/close", async (long id, ConsultationCommands c, CancellationToken ct) => { await c.CloseAsync(id, ct); return TypedResults.NoContent(); });

        g.MapGet("/meetings", async (TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.MeetingsAsync(ct)));
        g.MapPost("/meetings", async (MeetingInput input, MeetingCommands c, CancellationToken ct) => TypedResults.Ok(new { id = await c.CreateAsync(input, ct) }))
            .WithSummary("议事会: a meeting with its agenda of topics");
        g.MapGet("/meetings/{id:long}", async (long id, TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.MeetingAsync(id, ct)));
        g.MapPost("/meetings/{id:long}/attendees", async (long id, AttendeeInput input, MeetingCommands c, CancellationToken ct) => TypedResults.Ok(new { id = await c.InviteAsync(id, input, ct) }));
        g.MapPost("/meetings/{id:long}/attendees/{attendeeId:long}/tick", async (long id, long attendeeId, MeetingCommands c, CancellationToken ct) => { await c.TickAsync(id, attendeeId, ct); return TypedResults.NoContent(); });
        g.MapPost("/meetings/{id:long}/sign-in", async (long id, SignInInput input, MeetingCommands c, CancellationToken ct) => { await c.SignInAsync(id, input, ct); return TypedResults.NoContent(); })
            .WithSummary("扫码签到 with the code of the meeting's QR code");
        g.MapPost("/meetings/{id:long}/minutes", async (long id, MinutesInput input, MeetingCommands c, CancellationToken ct) => { await c.MinutesAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/meetings/{id:long}/items/{itemId:long}/resolve", async (long id, long itemId, ItemResolutionInput input, MeetingCommands c, CancellationToken ct) =>
        {
            await c.ResolveItemAsync(id, itemId, input, ct);
            return TypedResults.NoContent();
        });

        g.MapPost("/topics/{id:long}/votes", async (long id, OpenVoteInput input, VoteCommands c, CancellationToken ct) => TypedResults.Ok(new { id = await c.OpenAsync(id, input, ct) }))
            .WithSummary("表决: open a vote (per person, per household, or owners under Civil Code Art. 278 with the matter)");
        g.MapGet("/votes/{id:long}", async (long id, TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.GetVoteAsync(id, ct)))
            .WithSummary("A vote with turnout, and its exact count for staff (live) or everyone (after closing)");
        g.MapPost("/votes/{id:long}/ballot", async (long id, CastInput input, VoteCommands c, CancellationToken ct) => { await c.CastAsync(id, input, ct); return TypedResults.NoContent(); })
            .WithSummary("Cast or change one's ballot (1 for, 2 against, 3 abstain; or the option number)");
        g.MapPost("/votes/{id:long}/paper", async (long id, PaperInput input, VoteCommands c, CancellationToken ct) => { await c.RecordPaperAsync(id, input, ct); return TypedResults.NoContent(); })
            .WithSummary("Record a paper ballot for an elector on the roll");
        g.MapGet("/votes/{id:long}/roll", async (long id, TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.RollAsync(id, ct)))
            .WithSummary("The roll: who voted and by which channel; how, only in an open ballot");
        g.MapPost("/votes/{id:long}/close", async (long id, VoteCommands c, CancellationToken ct) => TypedResults.Ok(new { adopted = await c.CloseAsync(id, ct) }));

        g.MapPost("/topics/{id:long}/notice", async (long id, NoticeInput input, TopicCommands c, CancellationToken ct) => { await c.PublishAsync(id, input, ct); return TypedResults.NoContent(); })
            .WithSummary("公示: publish the adopted decision for a notice period");
        g.MapPost("/topics/{id:long}/objections", async (long id, TextInput input, TopicCommands c, CancellationToken ct) => TypedResults.Ok(new { id = await c.ObjectAsync(id, input, ct) }));
        g.MapPost("/topics/{id:long}/objections/{objectionId:long}/answer", async (long id, long objectionId, TextInput input, TopicCommands c, CancellationToken ct) =>
        {
            await c.AnswerObjectionAsync(id, objectionId, input, ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/topics/{id:long}/implementation", async (long id, VersionInput input, TopicCommands c, CancellationToken ct) => { await c.StartImplementationAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapPost("/topics/{id:long}/milestones", async (long id, MilestoneInput input, TopicCommands c, CancellationToken ct) => TypedResults.Ok(new { id = await c.AddMilestoneAsync(id, input, ct) }));
        g.MapPost("/topics/{id:long}/milestones/{milestoneId:long}/progress", async (long id, long milestoneId, ProgressInput input, TopicCommands c, CancellationToken ct) =>
        {
            await c.ReportAsync(id, milestoneId, input, ct);
            return TypedResults.NoContent();
        });
        g.MapPost("/topics/{id:long}/done", async (long id, VersionInput input, TopicCommands c, CancellationToken ct) => { await c.FinishAsync(id, input, ct); return TypedResults.NoContent(); });
        g.MapGet("/milestones/overdue", async (TopicQueries q, CancellationToken ct) => TypedResults.Ok(await q.OverdueAsync(ct)))
            .WithSummary("Overdue implementation milestones of the caller's communities (staff work list)");
    }
}

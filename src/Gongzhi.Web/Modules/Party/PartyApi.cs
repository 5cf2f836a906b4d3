using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Party;

// Refusals (400/403/404/409) are problem details from the exceptions the commands throw (Platform/Problems);
// the group declares them so the OpenAPI document lists them for every operation.
public static class PartyApi
{
    public static void MapPartyApi(this RouteGroupBuilder api)
    {
        var party = api.MapGroup("/party").WithTags("Party").ProducesErrors(404, 409);
        party.MapGet("/communities/{id:long}/organisations", Tree).WithSummary("The party organisation tree of a community, with posts current and past");
        party.MapPost("/organisations", CreateOrganisation).WithSummary("Add a party organisation under a parent (staff)");
        party.MapPost("/organisations/{id:long}/posts", Appoint).WithSummary("Appoint a secretary, deputy or committee member; a new secretary ends the sitting one's post");
        party.MapPost("/posts/{id:long}/end", EndPost).WithSummary("End a post (history kept)");
        party.MapGet("/communities/{id:long}/members", Members).WithExport("party-members").WithSummary("Members as the caller may see them: unmasked views are audited");
        party.MapGet("/communities/{id:long}/in-post", InPost).WithSummary("In-post members (在职党员) by the grid where they live, with this year's service");
        party.MapPost("/members", AddMember).WithSummary("Staff record a member, or an in-post member on their unit's word");
        party.MapGet("/me", Mine).WithSummary("The caller's own membership, if any");
        party.MapPost("/me/report", Report).WithSummary("双报到: an in-post member reports to the community where they live");
        party.MapPost("/me/badge", Badge).WithSummary("亮身份: show or hide one's party badge on the board and door plate");
        party.MapGet("/communities/{id:long}/units", Units);
        party.MapPost("/units", AddUnit).WithSummary("A co-building unit joins the community's alliance");
        party.MapPost("/units/{id:long}/leave", Leave).WithSummary("A unit leaves the alliance on a day (default today); its history stays");
        party.MapGet("/communities/{id:long}/activities", Activities).WithExport("party-activities").WithSummary("The year's party activities (主题党日, 党课…) with members attending");
        party.MapGet("/communities/{id:long}/attendance", Attendance).WithSummary("Party activities attended per member in a year (names as the caller may see them; audited)");
        party.MapPost("/activities", LinkActivity).WithSummary("Make an Activities event a party organisation's activity; attendance is its check-ins");
        party.MapGet("/units/{id:long}/statement", Statement).WithSummary("A unit's yearly statement of its in-post members' service (JSON)");
        party.MapGet("/units/{id:long}/statement.xlsx", StatementXlsx).WithSummary("The same statement as .xlsx");
        party.MapGet("/communities/{id:long}/alliance", Alliance).WithSummary("The alliance's three lists: resources, needs, projects");
        party.MapPost("/alliance/items", AddItem).WithSummary("Add a resource (a unit's) or a need (the community's)");
        party.MapPost("/alliance/projects", Match).WithSummary("Match a resource to a need: a project");
        party.MapPost("/alliance/projects/{id:long}/close", Close).WithSummary("Record a project's outcome (done) or drop it ({version})");
        party.MapGet("/communities/{id:long}/joint-meetings", JointMeetings);
        party.MapPost("/joint-meetings", PlanMeeting).WithSummary("Plan a joint meeting (联席会议): the units' contacts are invited, the next unit chairs");
    }

    static async Task<Ok<IReadOnlyList<OrgNode>>> Tree(long id, PartyQueries q, CancellationToken ct) => TypedResults.Ok(await q.TreeAsync(id, ct));

    static async Task<Created<IdResponse>> CreateOrganisation(OrganisationInput input, OrganisationCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/party/organisations/{id}", new IdResponse(id));
    }

    static async Task<Created<IdResponse>> Appoint(long id, PostInput input, OrganisationCommands c, CancellationToken ct)
    {
        var postId = await c.AppointAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/party/posts/{postId}", new IdResponse(postId));
    }

    static async Task<NoContent> EndPost(long id, EndPostInput input, OrganisationCommands c, CancellationToken ct)
    {
        await c.EndPostAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Leave(long id, LeaveInput input, AllianceCommands c, CancellationToken ct)
    {
        await c.LeaveAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IReadOnlyList<PartyActivityRow>>> Activities(long id, int? year, PartyActivities a, CancellationToken ct) =>
        TypedResults.Ok(await a.ListAsync(id, year, ct));

    static async Task<Ok<IReadOnlyList<AttendanceRow>>> Attendance(long id, int? year, PartyActivities a, CancellationToken ct) =>
        TypedResults.Ok(await a.AttendanceAsync(id, year, ct));

    static async Task<Created<IdResponse>> LinkActivity(PartyActivityInput input, PartyActivities a, CancellationToken ct)
    {
        var id = await a.LinkAsync(input, ct);
        return TypedResults.Created($"/api/v1/party/activities/{id}", new IdResponse(id));
    }

    static async Task<Ok<IReadOnlyList<MemberRow>>> Members(long id, long? gridId, MemberKind? kind, int? year, PartyQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.MembersAsync(id, gridId, kind, year, ct));

    static async Task<Ok<IReadOnlyList<GridGroup>>> InPost(long id, long? gridId, int? year, PartyQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.InPostByGridAsync(id, gridId, year, ct));

    static async Task<Created<IdResponse>> AddMember(MemberInput input, MemberCommands c, CancellationToken ct)
    {
        var id = await c.AddAsync(input, ct);
        return TypedResults.Created($"/api/v1/party/members/{id}", new IdResponse(id));
    }

    static async Task<Results<Ok<MyMembership>, Microsoft.AspNetCore.Http.HttpResults.NotFound>> Mine(PartyQueries q, CancellationToken ct) =>
        await q.MineAsync(ct) is { } m ? TypedResults.Ok(m) : TypedResults.NotFound();

    static async Task<Created<IdResponse>> Report(ReportInput input, MemberCommands c, CancellationToken ct)
    {
        var id = await c.ReportAsync(input, ct);
        return TypedResults.Created("/api/v1/party/me", new IdResponse(id));
    }

    static async Task<NoContent> Badge(BadgeInput input, MemberCommands c, CancellationToken ct)
    {
        await c.SetBadgeAsync(input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IReadOnlyList<UnitRow>>> Units(long id, PartyQueries q, CancellationToken ct) => TypedResults.Ok(await q.UnitsAsync(id, ct));

    static async Task<Created<IdResponse>> AddUnit(UnitInput input, AllianceCommands c, CancellationToken ct)
    {
        var id = await c.AddUnitAsync(input, ct);
        return TypedResults.Created($"/api/v1/party/units/{id}", new IdResponse(id));
    }

    static async Task<Ok<Statement>> Statement(long id, int? year, UnitStatement s, CancellationToken ct) => TypedResults.Ok(await s.RunAsync(id, year, ct));

    static async Task<FileContentHttpResult> StatementXlsx(long id, int? year, UnitStatement s, CancellationToken ct)
    {
        var (name, content) = await s.XlsxAsync(id, year, ct);
        return TypedResults.File(content, Registry.Transfer.TransferLayout.ContentType, name);
    }

    static async Task<Ok<AllianceView>> Alliance(long id, PartyQueries q, CancellationToken ct) => TypedResults.Ok(await q.AllianceAsync(id, ct));

    static async Task<Created<IdResponse>> AddItem(ItemInput input, AllianceCommands c, CancellationToken ct)
    {
        var id = await c.AddItemAsync(input, ct);
        return TypedResults.Created($"/api/v1/party/alliance/items/{id}", new IdResponse(id));
    }

    static async Task<Created<IdResponse>> Match(MatchInput input, AllianceCommands c, CancellationToken ct)
    {
        var id = await c.MatchAsync(input, ct);
        return TypedResults.Created($"/api/v1/party/alliance/projects/{id}", new IdResponse(id));
    }

    static async Task<NoContent> Close(long id, CloseInput input, AllianceCommands c, CancellationToken ct)
    {
        await c.CloseAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IReadOnlyList<JointMeetingRow>>> JointMeetings(long id, PartyQueries q, CancellationToken ct) => TypedResults.Ok(await q.JointMeetingsAsync(id, ct));

    static async Task<Created<JointMeetingCreated>> PlanMeeting(JointMeetingInput input, AllianceCommands c, CancellationToken ct)
    {
        var created = await c.PlanMeetingAsync(input, ct);
        return TypedResults.Created($"/api/v1/party/joint-meetings/{created.Id}", created);
    }
}

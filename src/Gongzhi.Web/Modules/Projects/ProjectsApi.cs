using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Modules.Registry.Transfer;
using Gongzhi.Web.Platform.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Projects;

// Refusals (400/403/404/409) are problem details from the exceptions the commands throw (Platform/Problems);
// the group declares them so the OpenAPI document lists them for every operation.
public static class ProjectsApi
{
    public static void MapProjectsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Projects").ProducesErrors(404, 409);

        g.MapGet("/organisations", ListOrganisations).WithExport("organisations").WithSummary("社区社会组织 of the caller's communities (staff)");
        g.MapPost("/organisations", CreateOrganisation).WithSummary("Register an organisation (培育 stage)");
        g.MapGet("/organisations/{id:long}", GetOrganisation)
            .WithSummary("An organisation's record: stage, members, projects, events it ran, its members' volunteer hours");
        g.MapPost("/organisations/{id:long}/stage", AdvanceOrganisation).WithSummary("培育 → 孵化 → 备案/登记 (with the date, and the document number when registered)");
        g.MapPost("/organisations/{id:long}/describe", DescribeOrganisation);
        g.MapPost("/organisations/{id:long}/members", AddOrganisationMember);
        g.MapPost("/organisations/{id:long}/reviews", ReviewOrganisation).WithSummary("年度评估 (one per year)");

        g.MapGet("/projects/calls", ListCalls);
        g.MapPost("/projects/calls", CreateCall).WithSummary("创投大赛: a call with its budget (fen), fields, deadline (Beijing time), rubric and panel");
        g.MapGet("/projects/calls/{id:long}", GetCall);
        g.MapPut("/projects/calls/{id:long}", EditCall)
            .WithSummary("Correct a call before its deadline (title, budget, fields, dates); send the version it was read at (409 when someone saved first)");
        g.MapPost("/projects/calls/{id:long}/guide", AttachGuide).DisableAntiforgery()
            .WithSummary("The call's guide (指导手册): a PDF, recognised by its content (multipart: file)");
        g.MapPost("/projects/calls/{id:long}/open", OpenCall);
        g.MapPost("/projects/calls/{id:long}/review", StartReview).WithSummary("Start the panel's review (after the deadline)");
        g.MapPost("/projects/calls/{id:long}/close-review", CloseReview)
            .WithSummary("Close the review when every score is in; scores and ranking are shown from then on");
        g.MapPost("/projects/calls/{id:long}/finish", FinishCall);
        g.MapPost("/projects/calls/{id:long}/reviewers", AddReviewer);
        g.MapPost("/projects/calls/{id:long}/experts", AddExpert).WithSummary("An outside expert: a reviewer-only account (no role) on this call's panel");
        g.MapGet("/projects/calls/{id:long}/ranking", GetRanking)
            .WithSummary("Ranking by weighted mean; ties broken by the mean on the heaviest criterion, then by earlier submission");
        g.MapGet("/projects/calls/{id:long}/sheet", GetSheet).WithSummary("A reviewer's own sheet (applications they may see, and whether they scored them)");
        g.MapGet("/projects/calls/{id:long}/ledger", GetLedger);
        g.MapGet("/projects/calls/{id:long}/applications.xlsx", ExportApplications);
        g.MapGet("/projects/calls/{id:long}/ledger.xlsx", ExportLedger);
        g.MapPost("/projects/calls/{id:long}/applications", StartApplication).WithSummary("Start a draft application for an organisation the caller leads");

        g.MapGet("/projects/applications", ListMyApplications);
        g.MapGet("/projects/applications/{id:long}", GetApplication);
        g.MapPut("/projects/applications/{id:long}", SaveApplication)
            .WithSummary("Save the draft: texts, budget lines (fen; they add up to the amount asked, within the cap) and milestones");
        g.MapPost("/projects/applications/{id:long}/submit", SubmitApplication);
        g.MapPost("/projects/applications/{id:long}/scores", Score);
        g.MapPost("/projects/applications/{id:long}/conflict", DeclareConflict)
            .WithSummary("回避: declare a conflict of interest; the application is hidden from the caller from then on");
        g.MapPost("/projects/applications/{id:long}/decision", Decide)
            .WithSummary("Full, reduced (with grantedFen) or not funded (with a reason); never beyond the call's budget");
        g.MapPost("/projects/applications/{id:long}/releases", ReleaseFunds).WithSummary("Record a release of funds (released ≤ granted)");
        g.MapPost("/projects/applications/{id:long}/returns", ReturnFunds);
        g.MapPost("/projects/applications/{id:long}/complete", Complete)
            .WithSummary("The final report and the evaluation score (0–100), once every milestone is accepted");
        g.MapPost("/projects/applications/{id:long}/milestones/{milestoneId:long}/report", ReportMilestone)
            .WithSummary("Report a milestone (multipart: report, reached, spend.{lineId} in fen, version, photos, receipts)").DisableAntiforgery();
        g.MapPost("/projects/applications/{id:long}/milestones/{milestoneId:long}/review", ReviewMilestone).WithSummary("Accept or return a milestone report");
        g.MapPost("/projects/applications/{id:long}/follow", FollowApplication);

        g.MapGet("/showcase/calls", ListShowcaseCalls);
        g.MapGet("/showcase/calls/{id:long}", GetShowcaseCall);
        g.MapGet("/showcase/projects/{id:long}", GetShowcaseProject);
    }

    // Organisations

    static async Task<Ok<List<OrgRow>>> ListOrganisations(ProjectsQueries q, CancellationToken ct) => TypedResults.Ok(await q.OrganisationsAsync(ct));

    static async Task<Created<IdResponse>> CreateOrganisation(OrganisationInput input, OrganisationCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/organisations/{id}", new IdResponse(id));
    }

    static async Task<Ok<OrgView>> GetOrganisation(long id, ProjectsQueries q, CancellationToken ct) => TypedResults.Ok(await q.OrganisationAsync(id, ct));

    static async Task<NoContent> AdvanceOrganisation(long id, StageInput input, OrganisationCommands c, CancellationToken ct)
    {
        await c.AdvanceAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> DescribeOrganisation(long id, DescribeInput input, OrganisationCommands c, CancellationToken ct)
    {
        await c.DescribeAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<IdResponse>> AddOrganisationMember(long id, MemberInput input, OrganisationCommands c, CancellationToken ct) =>
        TypedResults.Ok(new IdResponse(await c.AddMemberAsync(id, input, ct)));

    static async Task<NoContent> ReviewOrganisation(long id, OrgReviewInput input, OrganisationCommands c, CancellationToken ct)
    {
        await c.ReviewAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    // Calls

    static async Task<Ok<List<CallRow>>> ListCalls(ProjectsQueries q, CancellationToken ct) => TypedResults.Ok(await q.CallsAsync(ct));

    static async Task<Created<IdResponse>> CreateCall(CallInput input, CallCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/projects/calls/{id}", new IdResponse(id));
    }

    static async Task<Ok<CallView>> GetCall(long id, ProjectsQueries q, CancellationToken ct) => TypedResults.Ok(await q.CallAsync(id, ct));

    static async Task<NoContent> EditCall(long id, CallEditInput input, CallCommands c, CancellationToken ct)
    {
        await c.EditAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> AttachGuide(long id, HttpRequest request, CallCommands c, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new ValidationFailure("Guide", "Validation.Required");
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw new ValidationFailure("Guide", "Validation.Required");
        await c.AttachGuideAsync(id, new Requests.Photos.PhotoUpload(file.FileName, file.Length, file.OpenReadStream), ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> OpenCall(long id, CallVersionInput input, CallCommands c, CancellationToken ct)
    {
        await c.OpenAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> StartReview(long id, CallVersionInput input, CallCommands c, CancellationToken ct)
    {
        await c.StartReviewAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> CloseReview(long id, CallVersionInput input, CallCommands c, CancellationToken ct)
    {
        await c.CloseReviewAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> FinishCall(long id, CallVersionInput input, CallCommands c, CancellationToken ct)
    {
        await c.FinishAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> AddReviewer(long id, ReviewerInput input, CallCommands c, CancellationToken ct)
    {
        await c.AddReviewerAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> AddExpert(long id, ExpertInput input, CallCommands c, CancellationToken ct)
    {
        await c.AddExpertAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<List<RankRow>>> GetRanking(long id, ProjectsQueries q, CancellationToken ct) => TypedResults.Ok(await q.RankingAsync(id, ct));

    static async Task<Ok<List<SheetRow>>> GetSheet(long id, ProjectsQueries q, CancellationToken ct) => TypedResults.Ok(await q.SheetAsync(id, ct));

    static async Task<Ok<List<LedgerRow>>> GetLedger(long id, ProjectsQueries q, CancellationToken ct) => TypedResults.Ok(await q.LedgerAsync(id, ct));

    static async Task<FileContentHttpResult> ExportApplications(long id, ProjectsExports exports, CancellationToken ct)
    {
        var file = await exports.ApplicationsAsync(id, ct);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    static async Task<FileContentHttpResult> ExportLedger(long id, ProjectsExports exports, CancellationToken ct)
    {
        var file = await exports.LedgerAsync(id, ct);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    // Applications

    static async Task<Created<IdResponse>> StartApplication(long id, StartInput input, ApplicationCommands c, CancellationToken ct)
    {
        var app = await c.StartAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/projects/applications/{app}", new IdResponse(app));
    }

    static async Task<Ok<List<MyApplicationResponse>>> ListMyApplications(ProjectsQueries q, CancellationToken ct) =>
        TypedResults.Ok((await q.MyApplicationsAsync(ct)).Select(a => new MyApplicationResponse(a.Id, a.Title, a.Call, a.CallId, a.Status, a.Organisation)).ToList());

    static async Task<Ok<ApplicationView>> GetApplication(long id, ProjectsQueries q, CancellationToken ct) => TypedResults.Ok(await q.ApplicationAsync(id, ct));

    static async Task<NoContent> SaveApplication(long id, ApplicationInput input, ApplicationCommands c, CancellationToken ct)
    {
        await c.SaveAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> SubmitApplication(long id, CallVersionInput input, ApplicationCommands c, CancellationToken ct)
    {
        await c.SubmitAsync(id, input.Version, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Score(long id, ScoreInput input, ReviewCommands c, CancellationToken ct)
    {
        await c.ScoreAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> DeclareConflict(long id, ConflictInput input, ReviewCommands c, CancellationToken ct)
    {
        await c.DeclareConflictAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Decide(long id, DecisionInput input, FundingCommands c, CancellationToken ct)
    {
        await c.DecideAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ReleaseFunds(long id, ReleaseInput input, FundingCommands c, CancellationToken ct)
    {
        await c.ReleaseAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ReturnFunds(long id, ReleaseInput input, FundingCommands c, CancellationToken ct)
    {
        await c.ReturnFundsAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> Complete(long id, CompleteInput input, FundingCommands c, CancellationToken ct)
    {
        await c.CompleteAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ReportMilestone(long id, long milestoneId, HttpRequest request, MilestoneCommands c, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new ValidationFailure("Report", "Validation.Required");
        var form = await request.ReadFormAsync(ct);
        var input = ProjectForms.Report(form);
        await c.ReportAsync(id, milestoneId, input, ProjectForms.Files(form, "photos"), ProjectForms.Files(form, "receipts"), ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> ReviewMilestone(long id, long milestoneId, MilestoneReviewInput input, MilestoneCommands c, CancellationToken ct)
    {
        await c.ReviewAsync(id, milestoneId, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> FollowApplication(long id, bool? follow, MilestoneCommands c, CancellationToken ct)
    {
        await c.FollowAsync(id, follow ?? true, ct);
        return TypedResults.NoContent();
    }

    // The public showcase

    static async Task<Ok<List<CallRow>>> ListShowcaseCalls(ShowcaseQueries q, CancellationToken ct) => TypedResults.Ok(await q.CallsAsync(ct));

    static async Task<Ok<ShowcaseCall>> GetShowcaseCall(long id, ShowcaseQueries q, CancellationToken ct) => TypedResults.Ok(await q.CallAsync(id, ct));

    static async Task<Ok<ShowcaseProject>> GetShowcaseProject(long id, ShowcaseQueries q, CancellationToken ct) => TypedResults.Ok(await q.ProjectAsync(id, ct));
}

// One of the caller's applications, as listed on "my applications".
public sealed record MyApplicationResponse(long Id, string Title, string Call, long CallId, ApplicationStatus Status, string Organisation);

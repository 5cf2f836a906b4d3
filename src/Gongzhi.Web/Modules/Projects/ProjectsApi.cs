using Gongzhi.Web.Modules.Registry.Transfer;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gongzhi.Web.Modules.Projects;

public sealed record Created(long Id);

public static class ProjectsApi
{
    public static void MapProjectsApi(this RouteGroupBuilder api)
    {
        var g = api.MapGroup("").WithTags("Projects");

        g.MapGet("/organisations", (ProjectsQueries q, CancellationToken ct) => Run(() => q.OrganisationsAsync(ct)))
            .WithSummary("社区社会组织 of the caller's communities (staff)");
        g.MapPost("/organisations", CreateOrganisation).WithSummary("Register an organisation (培育 stage)");
        g.MapGet("/organisations/{id:long}", (long id, ProjectsQueries q, CancellationToken ct) => Run(() => q.OrganisationAsync(id, ct)))
            .WithSummary("An organisation's record: stage, members, projects, events it ran, its members' volunteer hours");
        g.MapPost("/organisations/{id:long}/stage", (long id, StageInput input, OrganisationCommands c, CancellationToken ct) => NoContent(() => c.AdvanceAsync(id, input, ct)))
            .WithSummary("培育 → 孵化 → 备案/登记 (with the date, and the document number when registered)");
        g.MapPost("/organisations/{id:long}/describe", (long id, DescribeInput input, OrganisationCommands c, CancellationToken ct) => NoContent(() => c.DescribeAsync(id, input, ct)));
        g.MapPost("/organisations/{id:long}/members", (long id, MemberInput input, OrganisationCommands c, CancellationToken ct) => Run(async () => new Created(await c.AddMemberAsync(id, input, ct))));
        g.MapPost("/organisations/{id:long}/reviews", (long id, OrgReviewInput input, OrganisationCommands c, CancellationToken ct) => NoContent(() => c.ReviewAsync(id, input, ct)))
            .WithSummary("年度评估 (one per year)");

        g.MapGet("/projects/calls", (ProjectsQueries q, CancellationToken ct) => Run(() => q.CallsAsync(ct)));
        g.MapPost("/projects/calls", CreateCall).WithSummary("创投大赛: a call with its budget (fen), fields, deadline (Beijing time), rubric and panel");
        g.MapGet("/projects/calls/{id:long}", (long id, ProjectsQueries q, CancellationToken ct) => Run(() => q.CallAsync(id, ct)));
        g.MapPut("/projects/calls/{id:long}", (long id, CallEditInput input, CallCommands c, CancellationToken ct) => NoContent(() => c.EditAsync(id, input, ct)))
            .WithSummary("Correct a call before its deadline (title, budget, fields, dates); send the version it was read at (409 when someone saved first)");
        g.MapPost("/projects/calls/{id:long}/guide", AttachGuide).DisableAntiforgery()
            .WithSummary("The call's guide (指导手册): a PDF, recognised by its content (multipart: file)");
        g.MapPost("/projects/calls/{id:long}/open", (long id, CallVersionInput input, CallCommands c, CancellationToken ct) => NoContent(() => c.OpenAsync(id, input, ct)));
        g.MapPost("/projects/calls/{id:long}/review", (long id, CallVersionInput input, CallCommands c, CancellationToken ct) => NoContent(() => c.StartReviewAsync(id, input, ct)))
            .WithSummary("Start the panel's review (after the deadline)");
        g.MapPost("/projects/calls/{id:long}/close-review", (long id, CallVersionInput input, CallCommands c, CancellationToken ct) => NoContent(() => c.CloseReviewAsync(id, input, ct)))
            .WithSummary("Close the review when every score is in; scores and ranking are shown from then on");
        g.MapPost("/projects/calls/{id:long}/finish", (long id, CallVersionInput input, CallCommands c, CancellationToken ct) => NoContent(() => c.FinishAsync(id, input, ct)));
        g.MapPost("/projects/calls/{id:long}/reviewers", (long id, ReviewerInput input, CallCommands c, CancellationToken ct) => NoContent(() => c.AddReviewerAsync(id, input, ct)));
        g.MapPost("/projects/calls/{id:long}/experts", (long id, ExpertInput input, CallCommands c, CancellationToken ct) => NoContent(() => c.AddExpertAsync(id, input, ct)))
            .WithSummary("An outside expert: a reviewer-only account (no role) on this call's panel");
        g.MapGet("/projects/calls/{id:long}/ranking", (long id, ProjectsQueries q, CancellationToken ct) => Run(() => q.RankingAsync(id, ct)))
            .WithSummary("Ranking by weighted mean; ties broken by the mean on the heaviest criterion, then by earlier submission");
        g.MapGet("/projects/calls/{id:long}/sheet", (long id, ProjectsQueries q, CancellationToken ct) => Run(() => q.SheetAsync(id, ct)))
            .WithSummary("A reviewer's own sheet (applications they may see, and whether they scored them)");
        g.MapGet("/projects/calls/{id:long}/ledger", (long id, ProjectsQueries q, CancellationToken ct) => Run(() => q.LedgerAsync(id, ct)));
        g.MapGet("/projects/calls/{id:long}/applications.xlsx", ExportApplications);
        g.MapGet("/projects/calls/{id:long}/ledger.xlsx", ExportLedger);
        g.MapPost("/projects/calls/{id:long}/applications", StartApplication).WithSummary("Start a draft application for an organisation the caller leads");

        g.MapGet("/projects/applications", (ProjectsQueries q, CancellationToken ct) => Run(async () =>
            (await q.MyApplicationsAsync(ct)).Select(a => new { a.Id, a.Title, a.Call, a.CallId, a.Status, a.Organisation }).ToList()));
        g.MapGet("/projects/applications/{id:long}", (long id, ProjectsQueries q, CancellationToken ct) => Run(() => q.ApplicationAsync(id, ct)));
        g.MapPut("/projects/applications/{id:long}", (long id, ApplicationInput input, ApplicationCommands c, CancellationToken ct) => NoContent(() => c.SaveAsync(id, input, ct)))
            .WithSummary("Save the draft: texts, budget lines (fen; they add up to the amount asked, within the cap) and milestones");
        g.MapPost("/projects/applications/{id:long}/submit", (long id, CallVersionInput input, ApplicationCommands c, CancellationToken ct) => NoContent(() => c.SubmitAsync(id, input.Version, ct)));
        g.MapPost("/projects/applications/{id:long}/scores", (long id, ScoreInput input, ReviewCommands c, CancellationToken ct) => NoContent(() => c.ScoreAsync(id, input, ct)));
        g.MapPost("/projects/applications/{id:long}/conflict", (long id, ConflictInput input, ReviewCommands c, CancellationToken ct) => NoContent(() => c.DeclareConflictAsync(id, input, ct)))
            .WithSummary("回避: declare a conflict of interest; the application is hidden from the caller from then on");
        g.MapPost("/projects/applications/{id:long}/decision", (long id, DecisionInput input, FundingCommands c, CancellationToken ct) => NoContent(() => c.DecideAsync(id, input, ct)))
            .WithSummary("Full, reduced (with grantedFen) or not funded (with a reason); never beyond the call's budget");
        g.MapPost("/projects/applications/{id:long}/releases", (long id, ReleaseInput input, FundingCommands c, CancellationToken ct) => NoContent(() => c.ReleaseAsync(id, input, ct)))
            .WithSummary("Record a release of funds (released ≤ granted)");
        g.MapPost("/projects/applications/{id:long}/returns", (long id, ReleaseInput input, FundingCommands c, CancellationToken ct) => NoContent(() => c.ReturnFundsAsync(id, input, ct)));
        g.MapPost("/projects/applications/{id:long}/complete", (long id, CompleteInput input, FundingCommands c, CancellationToken ct) => NoContent(() => c.CompleteAsync(id, input, ct)))
            .WithSummary("The final report and the evaluation score (0–100), once every milestone is accepted");
        g.MapPost("/projects/applications/{id:long}/milestones/{milestoneId:long}/report", ReportMilestone)
            .WithSummary("Report a milestone (multipart: report, reached, spend.{lineId} in fen, version, photos, receipts)").DisableAntiforgery();
        g.MapPost("/projects/applications/{id:long}/milestones/{milestoneId:long}/review", (long id, long milestoneId, MilestoneReviewInput input, MilestoneCommands c, CancellationToken ct) =>
            NoContent(() => c.ReviewAsync(id, milestoneId, input, ct))).WithSummary("Accept or return a milestone report");
        g.MapPost("/projects/applications/{id:long}/follow", (long id, bool? follow, MilestoneCommands c, CancellationToken ct) => NoContent(() => c.FollowAsync(id, follow ?? true, ct)));

        g.MapGet("/showcase/calls", (ShowcaseQueries q, CancellationToken ct) => Run(() => q.CallsAsync(ct)));
        g.MapGet("/showcase/calls/{id:long}", (long id, ShowcaseQueries q, CancellationToken ct) => Run(() => q.CallAsync(id, ct)));
        g.MapGet("/showcase/projects/{id:long}", (long id, ShowcaseQueries q, CancellationToken ct) => Run(() => q.ProjectAsync(id, ct)));
    }

    // Refusals are exceptions carrying message keys; the problems module turns them into problem details.
    private static async Task<Ok<T>> Run<T>(Func<Task<T>> work) => TypedResults.Ok(await work());

    private static async Task<NoContent> NoContent(Func<Task> work)
    {
        await work();
        return TypedResults.NoContent();
    }

    private static async Task<Created<Created>> CreateOrganisation(OrganisationInput input, OrganisationCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/organisations/{id}", new Created(id));
    }

    private static async Task<Created<Created>> CreateCall(CallInput input, CallCommands c, CancellationToken ct)
    {
        var id = await c.CreateAsync(input, ct);
        return TypedResults.Created($"/api/v1/projects/calls/{id}", new Created(id));
    }

    private static async Task<Created<Created>> StartApplication(long id, StartInput input, ApplicationCommands c, CancellationToken ct)
    {
        var app = await c.StartAsync(id, input, ct);
        return TypedResults.Created($"/api/v1/projects/applications/{app}", new Created(app));
    }

    private static async Task<FileContentHttpResult> ExportApplications(long id, ProjectsExports exports, CancellationToken ct)
    {
        var file = await exports.ApplicationsAsync(id, ct);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<FileContentHttpResult> ExportLedger(long id, ProjectsExports exports, CancellationToken ct)
    {
        var file = await exports.LedgerAsync(id, ct);
        return TypedResults.File(file.Content, file.ContentType, file.FileName);
    }

    private static async Task<NoContent> AttachGuide(long id, HttpRequest request, CallCommands c, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new ValidationFailure("Guide", "Validation.Required");
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? throw new ValidationFailure("Guide", "Validation.Required");
        await c.AttachGuideAsync(id, new Requests.Photos.PhotoUpload(file.FileName, file.Length, file.OpenReadStream), ct);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> ReportMilestone(long id, long milestoneId, HttpRequest request, MilestoneCommands c, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw new ValidationFailure("Report", "Validation.Required");
        var form = await request.ReadFormAsync(ct);
        var input = ProjectForms.Report(form);
        await c.ReportAsync(id, milestoneId, input, ProjectForms.Files(form, "photos"), ProjectForms.Files(form, "receipts"), ct);
        return TypedResults.NoContent();
    }
}

using Gongzhi.Web.Platform.Export;
using Gongzhi.Web.Platform.Problems;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Honours;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gongzhi.Web.Modules.Volunteering;

public static class VolunteeringApi
{
    public static void MapVolunteeringApi(this RouteGroupBuilder api)
    {
        var v = api.MapGroup("/volunteer").WithTags("Volunteering").ProducesErrors(404, 409);
        v.MapPost("/register", Register).WithSummary("Register the caller as a volunteer (skills, availability); again to update");
        v.MapGet("/me", GetMe).WithSummary("The caller's record: balance, confirmed hours, shifts, ledger lines, redemptions, honours");
        v.MapGet("/teams", ListTeams);
        v.MapPost("/teams", CreateTeam);
        v.MapPost("/teams/{id:long}/members", AddMember);
        v.MapGet("/volunteers", ListVolunteers).WithExport("volunteers");

        v.MapGet("/activities", ListActivities);
        v.MapPost("/activities", CreateActivity).WithSummary("Post an activity with its shifts (staff of the community, or a leader of the team)");
        v.MapGet("/activities/{id:long}", GetActivity);
        v.MapPost("/shifts/{id:long}/signup", SignUp).WithSummary("Take a place; 409 when the shift is full");
        v.MapPost("/shifts/{id:long}/cancel", CancelSignup);
        v.MapGet("/shifts/{id:long}/qr", GetShiftCode).WithSummary("The rotating check-in code to show at the place (organisers)");
        v.MapPost("/scan", Scan).WithSummary("Scan the code at the place: checks in, then out; a code older than one rotation is refused");
        v.MapGet("/shifts/{id:long}/signups", GetRoster);
        v.MapPost("/shifts/{id:long}/signups/{signupId:long}/checkin", MarkCheckIn);
        v.MapPost("/shifts/{id:long}/signups/{signupId:long}/checkout", MarkCheckOut);
        v.MapPost("/shifts/{id:long}/signups/{signupId:long}/confirm", ConfirmHours).WithSummary("Confirm the service minutes; posts the points once");
        v.MapPost("/shifts/{id:long}/signups/{signupId:long}/no-show", MarkNoShow);

        v.MapGet("/honours", ListHonours).WithSummary("Announced honours (公示); pending=true: nominations to review (staff)");
        v.MapPost("/nominations", Nominate);
        v.MapPost("/nominations/{id:long}/review", ReviewNomination);
        v.MapPost("/nominations/{id:long}/announce", AnnounceHonour);

        var p = api.MapGroup("/points").WithTags("Points").ProducesErrors(404, 409);
        p.MapGet("/public", ListPublicAwards).WithSummary("公示: points awarded in the community over the last days, names masked");
        p.MapGet("/rules", ListRules).WithSummary("The rules in force in a community (default: the caller's own)");
        p.MapPut("/rules", SetRule).WithSummary("Set one rule of a community (approvers whose posts cover it; audited)");
        p.MapGet("/awards", ListPendingAwards);
        p.MapPost("/awards", ProposeAward).WithSummary("Propose a discretionary award with a reason (capped by the AwardCap rule)");
        p.MapPost("/awards/{id:long}/decide", DecideAward).WithSummary("Approve (posts the points) or reject; not by the proposer");
        p.MapPost("/transactions/{id:long}/reverse", ReverseTransaction).WithSummary("Correct a posting by a reversing transaction (once)");
        p.MapPost("/expire", ExpirePoints).WithSummary("Apply a community's expiry rule now (idempotent per quarter)");

        p.MapGet("/rewards", ListRewards);
        p.MapPost("/rewards", CreateReward);
        p.MapPut("/rewards/{id:long}", EditReward)
            .WithSummary("Staff change a reward's name, description and price, or take it off the shelf (active=false); 409 on a stale version");
        p.MapPost("/rewards/{id:long}/restock", RestockReward);
        p.MapPost("/rewards/{id:long}/cover", SetRewardCover).DisableAntiforgery()
            .WithSummary("Staff set the reward's cover picture (multipart: cover, a JPEG/PNG/WebP photo checked like case photos) or remove it (remove=true)");
        p.MapPost("/redemptions", Redeem)
            .WithSummary("Redeem a reward: 409 when out of stock, 400 when short of points; a retry with the same Idempotency-Key returns the first");
        p.MapPost("/redemptions/collect", CollectRedemption).WithSummary("Staff hand the reward over against its pickup code");
        p.MapPost("/redemptions/{id:long}/cancel", CancelRedemption);

        p.MapGet("/offers", ListOffers);
        p.MapPost("/merchant-codes", GetMerchantCode).WithSummary("A one-time code (10 minutes) for an alliance merchant's offer");

        var m = api.MapGroup("/points/merchant").WithTags("Merchants").ProducesErrors(404, 409);
        m.MapPost("/offers", AddOffer);
        m.MapPost("/verify", VerifyCode).WithSummary("The merchant verifies a volunteer's code: 409 when used, 400 when expired or unknown");
        m.MapGet("/statement", GetStatement).WithSummary("月度结算单: a month's points taken (yyyy-MM, China time)");
        m.MapGet("/settlements", ListSettlements).WithExport("merchants")
            .WithSummary("月度结算: every alliance merchant of a community (default: the caller's) with its month (yyyy-MM) — staff who approve points");
        m.MapPost("/{id:long}/settle", Settle);
    }

    // Volunteers and teams

    static async Task<Ok<VolunteerIdResponse>> Register(VolunteerInput input, VolunteerCommands c, CancellationToken ct) =>
        TypedResults.Ok(new VolunteerIdResponse(await c.RegisterAsync(input, ct)));

    // A caller who never registered has no record: a bare 404, as a "not yet" rather than an error.
    static async Task<Results<Ok<MyRecord>, Microsoft.AspNetCore.Http.HttpResults.NotFound>> GetMe(VolunteeringQueries q, CancellationToken ct) =>
        await q.MeAsync(ct) is { } me ? TypedResults.Ok(me) : TypedResults.NotFound();

    static async Task<Ok<List<TeamRow>>> ListTeams(VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.TeamsAsync(ct));

    static async Task<Ok<TeamIdResponse>> CreateTeam(TeamInput input, VolunteerCommands c, CancellationToken ct) =>
        TypedResults.Ok(new TeamIdResponse(await c.CreateTeamAsync(input, ct)));

    static async Task<NoContent> AddMember(long id, MemberInput input, VolunteerCommands c, CancellationToken ct)
    {
        await c.AddMemberAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<List<VolunteerRow>>> ListVolunteers(string? name, VolunteeringQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.VolunteersAsync(name, ct));

    // Activities and shifts

    static async Task<Ok<List<ActivityRow>>> ListActivities(VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.ActivitiesAsync(ct));

    static async Task<Created<ActivityIdResponse>> CreateActivity(ActivityInput input, ShiftCommands c, CancellationToken ct)
    {
        var id = await c.CreateActivityAsync(input, ct);
        return TypedResults.Created($"/api/v1/volunteer/activities/{id}", new ActivityIdResponse(id));
    }

    static async Task<Ok<ActivityView>> GetActivity(long id, VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.ActivityAsync(id, ct));

    static async Task<Ok<SignupIdResponse>> SignUp(long id, ShiftCommands c, CancellationToken ct) =>
        TypedResults.Ok(new SignupIdResponse(await c.SignUpAsync(id, ct)));

    static async Task<NoContent> CancelSignup(long id, ShiftCommands c, CancellationToken ct)
    {
        await c.CancelAsync(id, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<ShiftCodeResponse>> GetShiftCode(long id, ShiftCommands c, CancellationToken ct)
    {
        var (token, left) = await c.QrAsync(id, ct);
        return TypedResults.Ok(new ShiftCodeResponse(token, left, $"/volunteer/scan?shift={id}&t={token}"));
    }

    static async Task<Ok<CheckInResult>> Scan(CheckInInput input, ShiftCommands c, CancellationToken ct) => TypedResults.Ok(await c.ScanAsync(input, ct));

    static async Task<Ok<List<RosterRow>>> GetRoster(long id, VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.RosterAsync(id, ct));

    static async Task<Ok<CheckInResult>> MarkCheckIn(long id, long signupId, ShiftCommands c, CancellationToken ct) =>
        TypedResults.Ok(await c.MarkAsync(id, signupId, true, ct));

    static async Task<Ok<CheckInResult>> MarkCheckOut(long id, long signupId, ShiftCommands c, CancellationToken ct) =>
        TypedResults.Ok(await c.MarkAsync(id, signupId, false, ct));

    static async Task<Ok<ConfirmResult>> ConfirmHours(long id, long signupId, HoursInput input, ShiftCommands c, CancellationToken ct) =>
        TypedResults.Ok(await c.ConfirmAsync(id, signupId, input, ct));

    static async Task<NoContent> MarkNoShow(long id, long signupId, ShiftCommands c, CancellationToken ct)
    {
        await c.NoShowAsync(id, signupId, ct);
        return TypedResults.NoContent();
    }

    // Honours

    static async Task<Ok<List<HonourRow>>> ListHonours(bool? pending, HonourCommands c, CancellationToken ct) => TypedResults.Ok(await c.ListAsync(pending == true, ct));

    static async Task<Ok<NominationIdResponse>> Nominate(NominateInput input, HonourCommands c, CancellationToken ct) =>
        TypedResults.Ok(new NominationIdResponse(await c.NominateAsync(input, ct)));

    static async Task<NoContent> ReviewNomination(long id, ReviewInput input, HonourCommands c, CancellationToken ct)
    {
        await c.ReviewAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<HonourPointsResponse>> AnnounceHonour(long id, HonourCommands c, CancellationToken ct) =>
        TypedResults.Ok(new HonourPointsResponse(await c.AnnounceAsync(id, ct)));

    // Points: rules, awards, expiry

    static async Task<Ok<List<PublicAward>>> ListPublicAwards(long? communityId, int? days, VolunteeringQueries q, CancellationToken ct) =>
        TypedResults.Ok(await q.PublicListAsync(communityId, days ?? 30, ct));

    static async Task<Ok<List<RuleRow>>> ListRules(long? communityId, PointsCommands c, CancellationToken ct) => TypedResults.Ok(await c.RulesAsync(communityId, ct));

    static async Task<NoContent> SetRule(RuleInput input, PointsCommands c, CancellationToken ct)
    {
        await c.SetRuleAsync(input, ct);
        return TypedResults.NoContent();
    }

    static async Task<Ok<List<PendingAward>>> ListPendingAwards(VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.PendingAwardsAsync(ct));

    static async Task<Ok<AwardIdResponse>> ProposeAward(AwardInput input, PointsCommands c, CancellationToken ct) =>
        TypedResults.Ok(new AwardIdResponse(await c.ProposeAsync(input, ct)));

    static async Task<Ok<TransactionIdResponse>> DecideAward(long id, DecideInput input, PointsCommands c, CancellationToken ct) =>
        TypedResults.Ok(new TransactionIdResponse(await c.DecideAsync(id, input, ct)));

    static async Task<Ok<TransactionIdResponse>> ReverseTransaction(long id, ReverseInput input, PointsCommands c, CancellationToken ct) =>
        TypedResults.Ok(new TransactionIdResponse(await c.ReverseAsync(id, input, ct)));

    static async Task<Ok<ExpiredResponse>> ExpirePoints(long? communityId, PointsExpiry e, VolunteeringAccess a, CancellationToken ct)
    {
        a.User.Require(Platform.Accounts.Capability.ApprovePoints);
        var community = communityId ?? await a.HomeCommunityAsync(ct) ?? throw new ValidationFailure("CommunityId", "Validation.Required");
        return TypedResults.Ok(new ExpiredResponse(await e.RunAsync(community, ct)));
    }

    // Shop

    // all=true: staff's list, with the rewards taken off the shelf.
    static async Task<Ok<List<RewardRow>>> ListRewards(bool? all, VolunteeringQueries q, VolunteeringAccess access, CancellationToken ct)
    {
        if (all == true) access.User.Require(Platform.Accounts.Capability.ManageVolunteering);
        return TypedResults.Ok(await q.RewardsAsync(all == true, ct));
    }

    static async Task<Ok<RewardIdResponse>> CreateReward(RewardInput input, ShopCommands c, CancellationToken ct) =>
        TypedResults.Ok(new RewardIdResponse(await c.CreateRewardAsync(input, ct)));

    // add is optional in binding so that the role and scope answer first (403/404), then the amount (400).
    static async Task<NoContent> SetRewardCover(long id, HttpRequest request, ShopCommands c, CancellationToken ct)
    {
        var (upload, remove) = request.HasFormContentType ? Requests.Photos.CoverPictures.FromForm(await request.ReadFormAsync(ct)) : (null, false);
        await c.SetCoverAsync(id, upload, remove, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> EditReward(long id, RewardEdit input, ShopCommands c, CancellationToken ct)
    {
        await c.EditRewardAsync(id, input, ct);
        return TypedResults.NoContent();
    }

    static async Task<NoContent> RestockReward(long id, int? add, ShopCommands c, CancellationToken ct)
    {
        await c.RestockAsync(id, add ?? 0, ct);
        return TypedResults.NoContent();
    }

    // A retry with the same Idempotency-Key answers 200 with the first redemption instead of 201 with a new one.
    static async Task<Results<Created<RedeemResult>, Ok<RedeemResult>>> Redeem(
        RedeemInput input, [FromHeader(Name = "Idempotency-Key")] string? key, ShopCommands c, CancellationToken ct)
    {
        var result = await c.RedeemAsync(input with { IdempotencyKey = key ?? input.IdempotencyKey }, ct);
        return result.Created ? TypedResults.Created($"/api/v1/points/redemptions/{result.RedemptionId}", result) : TypedResults.Ok(result);
    }

    static async Task<Ok<RedemptionIdResponse>> CollectRedemption(CollectInput input, ShopCommands c, CancellationToken ct) =>
        TypedResults.Ok(new RedemptionIdResponse(await c.CollectAsync(input, ct)));

    static async Task<NoContent> CancelRedemption(long id, ShopCommands c, CancellationToken ct)
    {
        await c.CancelAsync(id, ct);
        return TypedResults.NoContent();
    }

    // Alliance merchants

    static async Task<Ok<List<OfferRow>>> ListOffers(VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.OffersAsync(ct));

    static async Task<Ok<CodeResult>> GetMerchantCode(CodeInput input, MerchantCommands c, CancellationToken ct) => TypedResults.Ok(await c.CodeAsync(input, ct));

    static async Task<Ok<OfferIdResponse>> AddOffer(OfferInput input, MerchantCommands c, CancellationToken ct) =>
        TypedResults.Ok(new OfferIdResponse(await c.AddOfferAsync(input, ct)));

    static async Task<Ok<VerifyResult>> VerifyCode(VerifyInput input, MerchantCommands c, CancellationToken ct) => TypedResults.Ok(await c.VerifyAsync(input, ct));

    static async Task<Ok<Statement>> GetStatement(long? merchantId, string? month, MerchantCommands c, CancellationToken ct) =>
        TypedResults.Ok(await c.StatementAsync(merchantId, month, ct));

    static async Task<Ok<List<Statement>>> ListSettlements(long? communityId, string? month, MerchantCommands c, CancellationToken ct) =>
        TypedResults.Ok(await c.SettlementsAsync(communityId, month, ct));

    static async Task<Ok<TransactionIdResponse>> Settle(long id, string? month, MerchantCommands c, CancellationToken ct) =>
        TypedResults.Ok(new TransactionIdResponse(await c.SettleAsync(id, month, ct)));
}

// {"volunteerId": 7}
public sealed record VolunteerIdResponse(long VolunteerId);

// {"teamId": 3}
public sealed record TeamIdResponse(long TeamId);

// {"activityId": 12}
public sealed record ActivityIdResponse(long ActivityId);

// {"signupId": 40}
public sealed record SignupIdResponse(long SignupId);

// The check-in code shown at the place, how long it stays good, and the page a phone opens when scanning it.
public sealed record ShiftCodeResponse(string Token, int SecondsLeft, string Url);

// {"nominationId": 5}
public sealed record NominationIdResponse(long NominationId);

// {"points": 50}: the points the announced honour posted.
public sealed record HonourPointsResponse(int Points);

// {"awardId": 9}
public sealed record AwardIdResponse(long AwardId);

// {"transactionId": 88}; null when nothing was posted (a rejected award, a month with nothing to settle).
public sealed record TransactionIdResponse(long? TransactionId);

// {"posted": 14}: how many expiry postings the run made.
public sealed record ExpiredResponse(int Posted);

// {"rewardId": 4}
public sealed record RewardIdResponse(long RewardId);

// {"redemptionId": 21}
public sealed record RedemptionIdResponse(long RedemptionId);

// {"offerId": 2}
public sealed record OfferIdResponse(long OfferId);

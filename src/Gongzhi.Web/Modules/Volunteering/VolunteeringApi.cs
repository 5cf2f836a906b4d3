using Gongzhi.Web.Platform.Problems;
using Gongzhi.Web.Modules.Volunteering.Activities;
using Gongzhi.Web.Modules.Volunteering.Honours;
using Gongzhi.Web.Modules.Volunteering.Merchants;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Modules.Volunteering.Shop;
using Microsoft.AspNetCore.Mvc;

namespace Gongzhi.Web.Modules.Volunteering;

public static class VolunteeringApi
{
    public static void MapVolunteeringApi(this RouteGroupBuilder api)
    {
        var v = api.MapGroup("/volunteer").WithTags("Volunteering").ProducesErrors(404, 409);
        v.MapPost("/register", async (VolunteerInput input, VolunteerCommands c, CancellationToken ct) => TypedResults.Ok(new { volunteerId = await c.RegisterAsync(input, ct) }))
            .WithSummary("Register the caller as a volunteer (skills, availability); again to update");
        v.MapGet("/me", async (VolunteeringQueries q, CancellationToken ct) => await q.MeAsync(ct) is { } me ? Results.Ok(me) : Results.NotFound())
            .WithSummary("The caller's record: balance, confirmed hours, shifts, ledger lines, redemptions, honours");
        v.MapGet("/teams", async (VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.TeamsAsync(ct)));
        v.MapPost("/teams", async (TeamInput input, VolunteerCommands c, CancellationToken ct) => TypedResults.Ok(new { teamId = await c.CreateTeamAsync(input, ct) }));
        v.MapPost("/teams/{id:long}/members", async (long id, MemberInput input, VolunteerCommands c, CancellationToken ct) => { await c.AddMemberAsync(id, input, ct); return TypedResults.NoContent(); });
        v.MapGet("/volunteers", async (string? name, VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.VolunteersAsync(name, ct)));

        v.MapGet("/activities", async (VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.ActivitiesAsync(ct)));
        v.MapPost("/activities", async (ActivityInput input, ShiftCommands c, CancellationToken ct) =>
        {
            var id = await c.CreateActivityAsync(input, ct);
            return TypedResults.Created($"/api/v1/volunteer/activities/{id}", new { activityId = id });
        }).WithSummary("Post an activity with its shifts (staff of the community, or a leader of the team)");
        v.MapGet("/activities/{id:long}", async (long id, VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.ActivityAsync(id, ct)));
        v.MapPost("/shifts/{id:long}/signup", async (long id, ShiftCommands c, CancellationToken ct) => TypedResults.Ok(new { signupId = await c.SignUpAsync(id, ct) }))
            .WithSummary("Take a place; 409 when the shift is full");
        v.MapPost("/shifts/{id:long}/cancel", async (long id, ShiftCommands c, CancellationToken ct) => { await c.CancelAsync(id, ct); return TypedResults.NoContent(); });
        v.MapGet("/shifts/{id:long}/qr", async (long id, ShiftCommands c, CancellationToken ct) =>
        {
            var (token, left) = await c.QrAsync(id, ct);
            return TypedResults.Ok(new { token, secondsLeft = left, url = $"/volunteer/scan?shift={id}&t={token}" });
        }).WithSummary("The rotating check-in code to show at the place (organisers)");
        v.MapPost("/scan", async (CheckInInput input, ShiftCommands c, CancellationToken ct) => TypedResults.Ok(await c.ScanAsync(input, ct)))
            .WithSummary("Scan the code at the place: checks in, then out; a code older than one rotation is refused");
        v.MapGet("/shifts/{id:long}/signups", async (long id, VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.RosterAsync(id, ct)));
        v.MapPost("/shifts/{id:long}/signups/{signupId:long}/checkin", async (long id, long signupId, ShiftCommands c, CancellationToken ct) => TypedResults.Ok(await c.MarkAsync(id, signupId, true, ct)));
        v.MapPost("/shifts/{id:long}/signups/{signupId:long}/checkout", async (long id, long signupId, ShiftCommands c, CancellationToken ct) => TypedResults.Ok(await c.MarkAsync(id, signupId, false, ct)));
        v.MapPost("/shifts/{id:long}/signups/{signupId:long}/confirm", async (long id, long signupId, HoursInput input, ShiftCommands c, CancellationToken ct) =>
            TypedResults.Ok(await c.ConfirmAsync(id, signupId, input, ct))).WithSummary("Confirm the service minutes; posts the points once");
        v.MapPost("/shifts/{id:long}/signups/{signupId:long}/no-show", async (long id, long signupId, ShiftCommands c, CancellationToken ct) => { await c.NoShowAsync(id, signupId, ct); return TypedResults.NoContent(); });

        v.MapGet("/honours", async (bool? pending, HonourCommands c, CancellationToken ct) => TypedResults.Ok(await c.ListAsync(pending == true, ct)))
            .WithSummary("Announced honours (公示); pending=true: nominations to review (staff)");
        v.MapPost("/nominations", async (NominateInput input, HonourCommands c, CancellationToken ct) => TypedResults.Ok(new { nominationId = await c.NominateAsync(input, ct) }));
        v.MapPost("/nominations/{id:long}/review", async (long id, ReviewInput input, HonourCommands c, CancellationToken ct) => { await c.ReviewAsync(id, input, ct); return TypedResults.NoContent(); });
        v.MapPost("/nominations/{id:long}/announce", async (long id, HonourCommands c, CancellationToken ct) => TypedResults.Ok(new { points = await c.AnnounceAsync(id, ct) }));

        var p = api.MapGroup("/points").WithTags("Points").ProducesErrors(404, 409);
        p.MapGet("/public", async (long? communityId, int? days, VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.PublicListAsync(communityId, days ?? 30, ct)))
            .WithSummary("公示: points awarded in the community over the last days, names masked");
        p.MapGet("/rules", async (long? communityId, PointsCommands c, CancellationToken ct) => TypedResults.Ok(await c.RulesAsync(communityId, ct)))
            .WithSummary("The rules in force in a community (default: the caller's own)");
        p.MapPut("/rules", async (RuleInput input, PointsCommands c, CancellationToken ct) => { await c.SetRuleAsync(input, ct); return TypedResults.NoContent(); })
            .WithSummary("Set one rule of a community (approvers whose posts cover it; audited)");
        p.MapGet("/awards", async (VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.PendingAwardsAsync(ct)));
        p.MapPost("/awards", async (AwardInput input, PointsCommands c, CancellationToken ct) => TypedResults.Ok(new { awardId = await c.ProposeAsync(input, ct) }))
            .WithSummary("Propose a discretionary award with a reason (capped by the AwardCap rule)");
        p.MapPost("/awards/{id:long}/decide", async (long id, DecideInput input, PointsCommands c, CancellationToken ct) => TypedResults.Ok(new { transactionId = await c.DecideAsync(id, input, ct) }))
            .WithSummary("Approve (posts the points) or reject; not by the proposer");
        p.MapPost("/transactions/{id:long}/reverse", async (long id, ReverseInput input, PointsCommands c, CancellationToken ct) => TypedResults.Ok(new { transactionId = await c.ReverseAsync(id, input, ct) }))
            .WithSummary("Correct a posting by a reversing transaction (once)");
        p.MapPost("/expire", async (long? communityId, PointsExpiry e, VolunteeringAccess a, CancellationToken ct) =>
        {
            a.User.Require(Platform.Accounts.Capability.ApprovePoints);
            var community = communityId ?? await a.HomeCommunityAsync(ct) ?? throw new ValidationFailure("CommunityId", "Validation.Required");
            return TypedResults.Ok(new { posted = await e.RunAsync(community, ct) });
        }).WithSummary("Apply a community's expiry rule now (idempotent per quarter)");

        p.MapGet("/rewards", async (VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.RewardsAsync(ct)));
        p.MapPost("/rewards", async (RewardInput input, ShopCommands c, CancellationToken ct) => TypedResults.Ok(new { rewardId = await c.CreateRewardAsync(input, ct) }));
        p.MapPost("/rewards/{id:long}/restock", async (long id, int add, ShopCommands c, CancellationToken ct) => { await c.RestockAsync(id, add, ct); return TypedResults.NoContent(); });
        p.MapPost("/redemptions", async (RedeemInput input, [FromHeader(Name = "Idempotency-Key")] string? key, ShopCommands c, CancellationToken ct) =>
        {
            var result = await c.RedeemAsync(input with { IdempotencyKey = key ?? input.IdempotencyKey }, ct);
            return result.Created ? Results.Created($"/api/v1/points/redemptions/{result.RedemptionId}", result) : Results.Ok(result);
        }).WithSummary("Redeem a reward: 409 when out of stock, 400 when short of points; a retry with the same Idempotency-Key returns the first");
        p.MapPost("/redemptions/collect", async (CollectInput input, ShopCommands c, CancellationToken ct) => TypedResults.Ok(new { redemptionId = await c.CollectAsync(input, ct) }))
            .WithSummary("Staff hand the reward over against its pickup code");
        p.MapPost("/redemptions/{id:long}/cancel", async (long id, ShopCommands c, CancellationToken ct) => { await c.CancelAsync(id, ct); return TypedResults.NoContent(); });

        p.MapGet("/offers", async (VolunteeringQueries q, CancellationToken ct) => TypedResults.Ok(await q.OffersAsync(ct)));
        p.MapPost("/merchant-codes", async (CodeInput input, MerchantCommands c, CancellationToken ct) => TypedResults.Ok(await c.CodeAsync(input, ct)))
            .WithSummary("A one-time code (10 minutes) for an alliance merchant's offer");

        var m = api.MapGroup("/points/merchant").WithTags("Merchants").ProducesErrors(404, 409);
        m.MapPost("/offers", async (OfferInput input, MerchantCommands c, CancellationToken ct) => TypedResults.Ok(new { offerId = await c.AddOfferAsync(input, ct) }));
        m.MapPost("/verify", async (VerifyInput input, MerchantCommands c, CancellationToken ct) => TypedResults.Ok(await c.VerifyAsync(input, ct)))
            .WithSummary("The merchant verifies a volunteer's code: 409 when used, 400 when expired or unknown");
        m.MapGet("/statement", async (long? merchantId, string? month, MerchantCommands c, CancellationToken ct) => TypedResults.Ok(await c.StatementAsync(merchantId, month, ct)))
            .WithSummary("月度结算单: a month's points taken (yyyy-MM, China time)");
        m.MapPost("/{id:long}/settle", async (long id, string? month, MerchantCommands c, CancellationToken ct) => TypedResults.Ok(new { transactionId = await c.SettleAsync(id, month, ct) }));
    }
}

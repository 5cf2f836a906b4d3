using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Registry.Residents;
using Gongzhi.Web.Modules.Volunteering.Points;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Volunteering.Activities;

public sealed record ShiftInput(DateTime? StartsAt, DateTime? EndsAt, string? Place, int Capacity, string? Skills);
public sealed record ActivityInput(long? CommunityId, long? TeamId, string? Title, string? Kind, string? Description, IReadOnlyList<ShiftInput>? Shifts);
public sealed record CheckInInput(long ShiftId, string? Token);
public sealed record CheckInResult(long SignupId, SignupStatus Status);
public sealed record HoursInput(int? Minutes);
public sealed record ConfirmResult(int Minutes, int Points, long? TransactionId);

public sealed class ShiftCommands(GongzhiDb db, VolunteeringAccess access, PointsLedger ledger, VolunteerCommands volunteers, TimeProvider clock)
{
    public async Task<long> CreateActivityAsync(ActivityInput input, CancellationToken ct = default)
    {
        var user = access.User;
        if (!user.IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        long communityId;
        if (input.TeamId is { } teamId)
        {
            communityId = await db.Teams.Where(t => t.Id == teamId).Select(t => (long?)t.CommunityId).FirstOrDefaultAsync(ct)
                ?? throw new ValidationFailure("TeamId", "Volunteering.Error.TeamUnknown");
            if (!await access.LeadsTeamAsync(teamId, ct)) await access.RequireManageAsync(communityId, ct);
        }
        else
        {
            communityId = input.CommunityId ?? await access.HomeCommunityAsync(ct) ?? throw new ValidationFailure("CommunityId", "Validation.Required");
            await access.RequireManageAsync(communityId, ct);
        }
        var kind = input.Kind ?? "";
        if (!VolunteeringDefaults.ActivityKinds.Contains(kind) && !await db.PointsRules.AnyAsync(r => r.Kind == RuleKind.ActivityKind && r.Key == kind, ct))
            throw new ValidationFailure("Kind", "Volunteering.Error.KindUnknown");
        var shifts = input.Shifts ?? [];
        if (shifts.Count is 0 or > 50) throw new ValidationFailure("Shifts", "Volunteering.Error.ShiftsRequired");
        var now = clock.GetUtcNow().UtcDateTime;
        var activity = new VolunteerActivity(communityId, input.TeamId, input.Title ?? "", kind, input.Description, user.RequiredId, now);
        if (shifts.Any(s => s.StartsAt is null || s.EndsAt is null)) throw new ValidationFailure("StartsAt", "Validation.Required");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.VolunteerActivities.Add(activity);
        await db.SaveChangesAsync(ct);
        foreach (var s in shifts)
            db.Shifts.Add(new Shift(activity.Id, Utc(s.StartsAt!.Value), Utc(s.EndsAt!.Value), s.Place ?? "", s.Capacity, s.Skills, ShiftQr.NewSecret()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return activity.Id;
    }

    private static DateTime Utc(DateTime t) => t.Kind switch
    {
        DateTimeKind.Utc => t,
        // A time without zone from a form is China time.
        _ => DateTime.SpecifyKind(t.AddHours(-8), DateTimeKind.Utc),
    };

    // One place per sign-up, taken by a conditional UPDATE: when the last place goes, every later
    // sign-up sees Taken = Capacity and is refused, however many arrive at once.
    public async Task<long> SignUpAsync(long shiftId, CancellationToken ct = default)
    {
        var me = await access.MeAsync(ct);
        var shift = await db.Shifts.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shiftId, ct) ?? throw new NotFound();
        var activity = await db.VolunteerActivities.AsNoTracking().FirstAsync(a => a.Id == shift.ActivityId, ct);
        // A volunteer serves their own community: its pool pays the hours and its shop takes the points.
        if (activity.CommunityId != me.CommunityId) throw new NotFound();
        if (activity.Status != ActivityStatus.Open || shift.EndsAt <= clock.GetUtcNow().UtcDateTime) throw new ValidationFailure("ShiftId", "Volunteering.Error.ShiftClosed");
        var signup = await db.ShiftSignups.FirstOrDefaultAsync(s => s.ShiftId == shiftId && s.VolunteerId == me.Id, ct);
        if (signup is { Active: true }) return signup.Id; // a retry
        // A full shift is refused by a read; the conditional UPDATE below still decides the last places.
        if (shift.Taken >= shift.Capacity) throw new ConcurrencyConflict("Volunteering.Error.ShiftFull");
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var taken = await db.Shifts.Where(s => s.Id == shiftId && s.Taken < s.Capacity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, x => x.Taken + 1), ct);
            if (taken == 0) throw new ConcurrencyConflict("Volunteering.Error.ShiftFull");
            var now = clock.GetUtcNow().UtcDateTime;
            if (signup is null) db.ShiftSignups.Add(signup = new ShiftSignup(shiftId, me.Id, now));
            else signup.SignUpAgain(now);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return signup.Id;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex) || ex is DbUpdateConcurrencyException)
        {
            // The same volunteer's two taps raced: the other one holds the place.
            db.ChangeTracker.Clear();
            return await db.ShiftSignups.Where(s => s.ShiftId == shiftId && s.VolunteerId == me.Id).Select(s => s.Id).FirstAsync(ct);
        }
    }

    public async Task CancelAsync(long shiftId, CancellationToken ct = default)
    {
        var me = await access.MeAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var cancelled = await db.ShiftSignups.Where(s => s.ShiftId == shiftId && s.VolunteerId == me.Id && s.Status == SignupStatus.SignedUp)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SignupStatus.Cancelled), ct);
        if (cancelled == 0) throw new ValidationFailure("ShiftId", "Volunteering.Error.CannotCancelSignup");
        await db.Shifts.Where(s => s.Id == shiftId && s.Taken > 0).ExecuteUpdateAsync(s => s.SetProperty(x => x.Taken, x => x.Taken - 1), ct);
        await tx.CommitAsync(ct);
    }

    // The volunteer scans the code at the place: the first scan checks in, the second checks out.
    public async Task<CheckInResult> ScanAsync(CheckInInput input, CancellationToken ct = default)
    {
        var me = await access.MeAsync(ct);
        var shift = await db.Shifts.AsNoTracking().FirstOrDefaultAsync(s => s.Id == input.ShiftId, ct) ?? throw new NotFound();
        var now = clock.GetUtcNow();
        if (!ShiftQr.Verify(shift.QrSecret, input.Token?.Trim(), now)) throw new ValidationFailure("Token", "Volunteering.Error.QrExpired");
        var signup = await db.ShiftSignups.FirstOrDefaultAsync(s => s.ShiftId == shift.Id && s.VolunteerId == me.Id, ct)
            ?? throw new ValidationFailure("ShiftId", "Volunteering.Error.NotSignedUp");
        if (signup.Status == SignupStatus.SignedUp)
        {
            if (now.UtcDateTime < shift.StartsAt.AddHours(-1) || now.UtcDateTime > shift.EndsAt) throw new ValidationFailure("ShiftId", "Volunteering.Error.NotNow");
            signup.CheckIn(now.UtcDateTime);
        }
        else signup.CheckOut(now.UtcDateTime);
        await db.SaveChangesAsync(ct);
        return new CheckInResult(signup.Id, signup.Status);
    }

    public async Task<(string Token, int SecondsLeft)> QrAsync(long shiftId, CancellationToken ct = default)
    {
        var shift = await OrganisedShiftAsync(shiftId, ct);
        var now = clock.GetUtcNow();
        return (ShiftQr.TokenFor(shift.QrSecret, now), ShiftQr.StepSeconds - (int)(now.ToUnixTimeSeconds() % ShiftQr.StepSeconds));
    }

    public async Task<Shift> OrganisedShiftAsync(long shiftId, CancellationToken ct = default)
    {
        var shift = await db.Shifts.AsNoTracking().FirstOrDefaultAsync(s => s.Id == shiftId, ct) ?? throw new NotFound();
        await access.OrganiseAsync(shift.ActivityId, ct);
        return shift;
    }

    // The organiser checks a volunteer in or out by hand (no phone, a flat battery).
    public async Task<CheckInResult> MarkAsync(long shiftId, long signupId, bool checkIn, CancellationToken ct = default)
    {
        await OrganisedShiftAsync(shiftId, ct);
        var signup = await db.ShiftSignups.FirstOrDefaultAsync(s => s.Id == signupId && s.ShiftId == shiftId, ct) ?? throw new NotFound();
        var now = clock.GetUtcNow().UtcDateTime;
        if (checkIn) signup.CheckIn(now); else signup.CheckOut(now);
        await db.SaveChangesAsync(ct);
        return new CheckInResult(signup.Id, signup.Status);
    }

    public async Task NoShowAsync(long shiftId, long signupId, CancellationToken ct = default)
    {
        var shift = await OrganisedShiftAsync(shiftId, ct);
        if (clock.GetUtcNow().UtcDateTime < shift.StartsAt) throw new ValidationFailure("ShiftId", "Volunteering.Error.NotStarted");
        var marked = await db.ShiftSignups.Where(s => s.Id == signupId && s.ShiftId == shiftId && s.Status == SignupStatus.SignedUp)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Status, SignupStatus.NoShow), ct);
        if (marked == 0) throw new ValidationFailure("Status", "Volunteering.Error.CannotMarkNoShow");
    }

    // 批量确认时长: the ticked volunteers' minutes as recorded (check-in to check-out), one submit. The rules are
    // checked for all of them first (one not checked out, or a span the shift does not allow, and nothing is
    // confirmed); then each is confirmed and posted on its own, and one confirmed meanwhile by someone else is
    // named in the answer while the others go through.
    public async Task<List<string>> ConfirmManyAsync(long shiftId, IReadOnlyList<long> signupIds, CancellationToken ct = default)
    {
        var shift = await OrganisedShiftAsync(shiftId, ct);
        var ids = signupIds.Distinct().ToList();
        if (ids.Count == 0) throw new ValidationFailure("SignupIds", "Volunteering.Error.NobodyTicked");
        var rows = await (from s in db.ShiftSignups.AsNoTracking() where s.ShiftId == shiftId && ids.Contains(s.Id)
                          join v in db.Volunteers on s.VolunteerId equals v.Id
                          select new { s.Id, s.Status, s.CheckedInAt, s.CheckedOutAt, v.Name }).ToListAsync(ct);
        if (rows.Count != ids.Count) throw new NotFound();
        var allowed = (int)(shift.EndsAt - shift.StartsAt).TotalMinutes + 60;
        var errors = rows.Where(r => r.Status != SignupStatus.CheckedOut).Select(r => new FieldError("SignupIds", "Volunteering.Error.NotCheckedOut", r.Name))
            .Concat(rows.Where(r => r.Status == SignupStatus.CheckedOut && Math.Round((r.CheckedOutAt!.Value - r.CheckedInAt!.Value).TotalMinutes) > allowed)
                .Select(r => new FieldError("SignupIds", "Volunteering.Error.SpanTooLong", r.Name)))
            .ToList();
        if (errors.Count > 0) throw new ValidationFailure(errors);
        var missed = new List<string>();
        foreach (var r in rows.OrderBy(r => r.Id))
        {
            try
            {
                await ConfirmAsync(shiftId, r.Id, new HoursInput(null), ct);
            }
            catch (DomainException e) when (e is ConcurrencyConflict or ValidationFailure)
            {
                db.ChangeTracker.Clear();
                missed.Add(r.Name);
            }
        }
        return missed;
    }

    // 时长确认: the organiser confirms the minutes served; the points follow from the rules in force,
    // posted once per sign-up (the key is the sign-up's).
    public async Task<ConfirmResult> ConfirmAsync(long shiftId, long signupId, HoursInput input, CancellationToken ct = default)
    {
        var shift = await OrganisedShiftAsync(shiftId, ct);
        var activity = await db.VolunteerActivities.AsNoTracking().FirstAsync(a => a.Id == shift.ActivityId, ct);
        var signup = await db.ShiftSignups.FirstOrDefaultAsync(s => s.Id == signupId && s.ShiftId == shiftId, ct) ?? throw new NotFound();
        signup.Confirm(input.Minutes, (int)(shift.EndsAt - shift.StartsAt).TotalMinutes, access.User.RequiredId);
        var perHour = await VolunteeringDefaults.RuleAsync(db, activity.CommunityId, RuleKind.PerHour, ct: ct);
        var bonus = await VolunteeringDefaults.RuleAsync(db, activity.CommunityId, RuleKind.ActivityKind, activity.Kind, ct: ct);
        var points = signup.ConfirmedMinutes!.Value * perHour / 60 + (signup.ConfirmedMinutes > 0 ? bonus : 0);
        var volunteer = await db.Volunteers.AsNoTracking().FirstAsync(v => v.Id == signup.VolunteerId, ct);
        var pool = await ledger.PoolAsync(activity.CommunityId, ct);
        var account = await volunteers.AccountForAsync(volunteer, ct);
        long? transactionId = null;
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            if (points > 0)
            {
                transactionId = await ledger.WriteAsync(new PostingRequest(TransactionKind.HoursAward, $"hours:{signup.Id}", activity.Title,
                    [new Posting(pool, -points), new Posting(account, points)], CreatedByUserId: access.User.Id), ct);
                signup.Posted(transactionId.Value);
                await db.SaveChangesAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // Two confirmations of the same sign-up at once: the first posted, this one changes nothing.
            throw new ConcurrencyConflict("Volunteering.Error.AlreadyConfirmed");
        }
        if (volunteer.UserId is not null)
        {
            db.Notifications.Add(new Notification(volunteer.UserId, "volunteer.hours", "Volunteering.Notice.HoursConfirmed",
                [activity.Title, signup.ConfirmedMinutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), points.ToString(System.Globalization.CultureInfo.InvariantCulture)], "/volunteer", clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync(ct);
        }
        return new ConfirmResult(signup.ConfirmedMinutes.Value, points, transactionId);
    }
}

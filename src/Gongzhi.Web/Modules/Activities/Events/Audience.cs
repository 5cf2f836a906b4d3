namespace Gongzhi.Web.Modules.Activities.Events;

// Who an event is for, checked against the registry: the event's community, optionally one estate,
// an age range (on the day of the first session, Beijing time), or families: the party registered
// together must hold a child under ChildAge and an adult.
public static class Audience
{
    public const int ChildAge = 14;
    public const int AdultAge = 18;

    public static void Check(Event ev, IReadOnlyList<Person> people)
    {
        var day = DateOnly.FromDateTime(BeijingTime.ToLocal(ev.StartsAt));
        foreach (var p in people)
            if (WhyNot(ev, p) is { } failure) throw failure;
        if (ev.FamiliesOnly)
        {
            var ages = people.Select(p => AgeOn(p.BirthDate, day)).ToList();
            if (!ages.Any(a => a < ChildAge) || !ages.Any(a => a >= AdultAge))
                throw new ValidationFailure("ResidentIds", "Activities.Error.FamiliesOnly", ChildAge);
        }
    }

    // Why this one person cannot join (the sign-up form says it beside their name before anyone
    // submits), or null when they can. The families rule is about the party, not one person.
    public static ValidationFailure? WhyNot(Event ev, Person p)
    {
        var day = DateOnly.FromDateTime(BeijingTime.ToLocal(ev.StartsAt));
        if (p.CommunityId != ev.CommunityId) return new ValidationFailure("ResidentIds", "Activities.Error.OtherCommunity", p.Name);
        if (ev.EstateId is { } estate && p.EstateId != estate) return new ValidationFailure("ResidentIds", "Activities.Error.OtherEstate", p.Name);
        if (ev.MinAge is null && ev.MaxAge is null) return null;
        if (AgeOn(p.BirthDate, day) is not { } age) return new ValidationFailure("ResidentIds", "Activities.Error.AgeUnknown", p.Name);
        if (age < ev.MinAge) return new ValidationFailure("ResidentIds", "Activities.Error.TooYoung", p.Name, ev.MinAge.Value);
        if (age > ev.MaxAge) return new ValidationFailure("ResidentIds", "Activities.Error.TooOld", p.Name, ev.MaxAge.Value);
        return null;
    }

    public static int? AgeOn(DateOnly? birth, DateOnly day)
    {
        if (birth is not { } b) return null;
        var age = day.Year - b.Year;
        if (day < b.AddYears(age)) age--;
        return age;
    }
}

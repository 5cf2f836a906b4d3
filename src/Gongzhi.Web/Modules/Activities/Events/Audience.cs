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
        {
            if (p.CommunityId != ev.CommunityId) throw new ValidationFailure("ResidentIds", "Activities.Error.OtherCommunity", p.Name);
            if (ev.EstateId is { } estate && p.EstateId != estate) throw new ValidationFailure("ResidentIds", "Activities.Error.OtherEstate", p.Name);
            if (ev.MinAge is null && ev.MaxAge is null) continue;
            var age = AgeOn(p.BirthDate, day) ?? throw new ValidationFailure("ResidentIds", "Activities.Error.AgeUnknown", p.Name);
            if (age < ev.MinAge) throw new ValidationFailure("ResidentIds", "Activities.Error.TooYoung", p.Name, ev.MinAge.Value);
            if (age > ev.MaxAge) throw new ValidationFailure("ResidentIds", "Activities.Error.TooOld", p.Name, ev.MaxAge.Value);
        }
        if (ev.FamiliesOnly)
        {
            var ages = people.Select(p => AgeOn(p.BirthDate, day)).ToList();
            if (!ages.Any(a => a < ChildAge) || !ages.Any(a => a >= AdultAge))
                throw new ValidationFailure("ResidentIds", "Activities.Error.FamiliesOnly", ChildAge);
        }
    }

    public static int? AgeOn(DateOnly? birth, DateOnly day)
    {
        if (birth is not { } b) return null;
        var age = day.Year - b.Year;
        if (day < b.AddYears(age)) age--;
        return age;
    }
}

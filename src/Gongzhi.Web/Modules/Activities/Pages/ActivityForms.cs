namespace Gongzhi.Web.Modules.Activities.Pages;

// Form models of the activity pages. Times are typed as Beijing local date and time.
public sealed class EmptyForm
{
    public string? Nothing { get; set; }
}

public sealed class EventForm
{
    public string? Title { get; set; }
    public Modules.Activities.EventKind Kind { get; set; } = Modules.Activities.EventKind.Benefit;
    public string? Description { get; set; }
    public long? VenueId { get; set; }
    public string? Address { get; set; }
    public Modules.Activities.OrganiserKind OrganiserKind { get; set; } = Modules.Activities.OrganiserKind.Community;
    public string? OrganiserName { get; set; }
    public DateOnly? Date { get; set; }
    public TimeOnly? From { get; set; }
    public TimeOnly? To { get; set; }
    public int? Weeks { get; set; }
    public int? Capacity { get; set; }
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    public long? EstateId { get; set; }
    public bool FamiliesOnly { get; set; }
}

public sealed class BookingForm
{
    public DateOnly? Date { get; set; }
    public TimeOnly? From { get; set; }
    public TimeOnly? To { get; set; }
    public int? Weeks { get; set; }
    public string? Purpose { get; set; }
}

public sealed class ReportForm
{
    public string? Text { get; set; }
}

public sealed class OnBehalfForm
{
    public long? ResidentId { get; set; }
    public long? SlotId { get; set; }
}

public static class LocalInput
{
    public static DateTime? At(DateOnly? date, TimeOnly? time) =>
        date is { } d && time is { } t ? DateTime.SpecifyKind(d.ToDateTime(t), DateTimeKind.Unspecified) : null;
}

namespace Gongzhi.Web.Modules.Volunteering.Pages;

// What the volunteering pages' forms post (static SSR binds them by FormName).
public sealed class IdForm
{
    public long Id { get; set; }
    public long Other { get; set; }
    public int? Number { get; set; }
    public string? Text { get; set; }
    public string? Note { get; set; }
    public bool Flag { get; set; }
}

public sealed class NewActivityForm
{
    public string? Title { get; set; }
    public string? Kind { get; set; }
    public string? Description { get; set; }
    public long? TeamId { get; set; }
    public DateTime? StartsAt { get; set; }
    public int Hours { get; set; } = 2;
    public string? Place { get; set; }
    public int Capacity { get; set; } = 10;
}

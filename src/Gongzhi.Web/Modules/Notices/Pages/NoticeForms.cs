using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Notices.Pages;

// The forms of the notice pages, bound from plain posted fields.
public sealed class NoticeForm
{
    public string? Place { get; set; } // "Community:3"
    public NoticeKind? Kind { get; set; }
    public NoticeAudience? Audience { get; set; }
    public CareTagKind? CareReason { get; set; }
    public string? Title { get; set; }
    public string? Body { get; set; }
    public bool Pinned { get; set; }
    public DateTime? PublishAt { get; set; }
    public DateTime? ValidUntil { get; set; }
    public int Version { get; set; } // of the draft being edited

    public (PlaceKind? Kind, long? Id) ParsedPlace()
    {
        var parts = (Place ?? "").Split(':');
        if (parts.Length != 2 || !Enum.TryParse<PlaceKind>(parts[0], out var kind) || !long.TryParse(parts[1], out var id)) return (null, null);
        return (kind, id);
    }
}

public sealed class ActionForm { public int Version { get; set; } public string? Reason { get; set; } }
public sealed class ToldForm { public long HouseholdId { get; set; } }
public sealed class ReviewForm { public long CommunityId { get; set; } public List<NoticeKind>? Kinds { get; set; } }

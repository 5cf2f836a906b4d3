using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Web.Modules.Requests.Pages;

// The small forms of the case page. Version is the case version the page showed: acting on a case
// that changed meanwhile is refused with a clear message instead of overwriting.
public sealed class VersionForm { public int Version { get; set; } }
public sealed class TextForm { public string? Text { get; set; } public bool Internal { get; set; } public long? ReferralId { get; set; } public int Version { get; set; } }
public sealed class ReferForm { public ReferralKind? Kind { get; set; } public long? DepartmentId { get; set; } public string? Note { get; set; } public int Version { get; set; } }
public sealed class RateForm { public Rating? Rating { get; set; } public string? Comment { get; set; } }
public sealed class ReassignForm { public string? OwnerUserId { get; set; } public string? Reason { get; set; } public int Version { get; set; } }
public sealed class MergeForm { public long? TargetId { get; set; } public int Version { get; set; } }
public sealed class PartyForm { public string? Name { get; set; } public string? Phone { get; set; } public string? Role { get; set; } }
public sealed class MediationForm { public DateTime? HeldAt { get; set; } public string? Place { get; set; } public string? Mediators { get; set; } public string? Summary { get; set; } }

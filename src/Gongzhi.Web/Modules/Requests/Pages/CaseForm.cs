using Gongzhi.Web.Modules.Requests;

namespace Gongzhi.Web.Modules.Requests.Pages;

// The fields of the new-request form. Token is made when the form is first shown and travels with
// it, so a double tap or a retried post creates one case.
public sealed class CaseForm
{
    public string? Token { get; set; }
    public long? CategoryId { get; set; }
    public string? Description { get; set; }
    public string? Address { get; set; }
    public long? HouseholdId { get; set; }
    public long? BuildingId { get; set; }
    public string? DoorSignature { get; set; }
    public bool Anonymous { get; set; }
    public Channel? Channel { get; set; }
    public string? CallerName { get; set; }
    public string? CallerPhone { get; set; }
}

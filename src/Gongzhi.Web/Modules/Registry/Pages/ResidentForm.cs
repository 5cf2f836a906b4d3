using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Registry.Pages;

// What the add and edit resident forms post. The ID number field is always empty when the form is shown.
public sealed class ResidentForm
{
    public string? Name { get; set; }
    public Gender? Gender { get; set; }
    public string? Relation { get; set; }
    public string? Phone { get; set; }
    public string? IdNumber { get; set; }
    public int Version { get; set; }
    // Not a settable property: the form binder must not touch it (tags come from plain checkboxes).
    private readonly HashSet<CareTagKind> _careTags = [];
    public IReadOnlySet<CareTagKind> CareTags => _careTags;

    public void SetCareTags(IEnumerable<CareTagKind> tags)
    {
        _careTags.Clear();
        _careTags.UnionWith(tags);
    }

    // Care tags are plain checkboxes named "tag"; read them off the posted form.
    public List<CareTagKind> TagsFrom(HttpContext http) =>
        Gongzhi.Web.Components.Shared.FormField.All(http, "tag").Select(v => Enum.TryParse<CareTagKind>(v, out var k) && Enum.IsDefined(k) ? k
            : throw new ValidationFailure("CareTags", "Validation.Invalid")).Distinct().ToList();
}

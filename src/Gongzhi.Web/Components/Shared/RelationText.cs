using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Components.Shared;

// 与户主关系 is stored as rosters write it (Chinese); shown in the reader's language.
public static class RelationText
{
    public static string Of(IStringLocalizer t, string relation)
    {
        var text = t[$"Registry.Relation.{relation}"];
        return text.ResourceNotFound ? relation : text.Value;
    }
}

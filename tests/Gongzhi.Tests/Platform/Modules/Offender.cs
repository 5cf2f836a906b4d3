using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Tests.Offenders.Modules.Volunteering;

// A deliberate offender for ModuleBoundaryTests: never used, only inspected.
internal static class TopicPeeker
{
    public static string? Title(Topic topic) => topic.Title;

    public static Type Access() => typeof(RegistryAccess);
}

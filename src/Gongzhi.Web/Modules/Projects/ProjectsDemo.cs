namespace Gongzhi.Web.Modules.Projects;

public static class ProjectsDemo
{
    public static Task SeedAsync(IServiceProvider sp, DateTime now, CancellationToken ct) => Task.CompletedTask;
}

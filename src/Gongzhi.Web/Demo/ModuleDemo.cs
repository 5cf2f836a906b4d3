namespace Gongzhi.Web.Demo;

// What a module adds to the demo community, run in Order inside the seeder's one transaction,
// after the place tree, duty posts and demo accounts exist.
public sealed record ModuleDemo(int Order, Func<IServiceProvider, DemoContext, CancellationToken, Task> SeedAsync);

// What a module needs in every database, demo or not (categories, earning rules…), run at each
// start before anything else and written to be idempotent.
public sealed record ModuleDefaults(Func<IServiceProvider, CancellationToken, Task> EnsureAsync);

public sealed record DemoContext(int Households, DateTime Now, IConfiguration Config);

public static class ModuleDemoRegistration
{
    public static IServiceCollection AddDemoData(this IServiceCollection services, int order, Func<IServiceProvider, DemoContext, CancellationToken, Task> seed) =>
        services.AddSingleton(new ModuleDemo(order, seed));

    public static IServiceCollection AddDefaults(this IServiceCollection services, Func<IServiceProvider, CancellationToken, Task> ensure) =>
        services.AddSingleton(new ModuleDefaults(ensure));
}

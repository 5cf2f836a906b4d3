using Gongzhi.Web.Platform.Accounts;
using Microsoft.AspNetCore.Components;

namespace Gongzhi.Web.Platform.Modules;

// What a module declares about itself, so the layout, the home page and the role table are drawn
// from the modules instead of naming them. Each part is a plain DI registration: a module's
// Add<Module>() calls the extensions below and nothing outside its folder changes.

// A link in the main navigation. Order places it among every module's links (10 apart, so a new
// module can slot in between without renumbering). Icon: a Bootstrap Icons name ("bi-house"),
// drawn beside the text. Work: staff's daily work list, the first tab of the phone's tab bar.
public sealed record NavEntry(string Href, string TextKey, Func<CurrentUser, bool> Shows, int Order, string? Id = null,
    string? Icon = null, bool Work = false);

// A tile on the home page. A module writes its "who sees it" once, as a named predicate, and
// passes it to both its NavEntry and its HomeTile.
public sealed record HomeTile(string Href, string TitleKey, string HintKey, Func<CurrentUser, bool> Shows, int Order,
    string? Id = null, bool Urgent = false);

// Which roles a capability is granted to by default. Administrators hold every capability.
public sealed record CapabilityGrant(Capability Capability, string[] Roles);

// A component drawn on the staff work list (/work) under the cases, for what else is due today.
public sealed record WorkSection(Type Component, int Order);

// A component drawn on the home page above the tiles: for visitors (SignedIn false) or for people
// who are signed in (true). The home page draws them in order and names no module.
public sealed record HomeSection(Type Component, int Order, bool SignedIn);

public static class ModuleParts
{
    public static IServiceCollection AddNav(this IServiceCollection services, params NavEntry[] entries)
    {
        foreach (var entry in entries) services.AddSingleton(entry);
        return services;
    }

    public static IServiceCollection AddHomeTiles(this IServiceCollection services, params HomeTile[] tiles)
    {
        foreach (var tile in tiles) services.AddSingleton(tile);
        return services;
    }

    public static IServiceCollection AddGrant(this IServiceCollection services, Capability capability, params string[] roles) =>
        services.AddSingleton(new CapabilityGrant(capability, roles));

    public static IServiceCollection AddWorkSection<TComponent>(this IServiceCollection services, int order) where TComponent : IComponent =>
        services.AddSingleton(new WorkSection(typeof(TComponent), order));

    public static IServiceCollection AddHomeSection<TComponent>(this IServiceCollection services, int order, bool signedIn) where TComponent : IComponent =>
        services.AddSingleton(new HomeSection(typeof(TComponent), order, signedIn));
    // The webhook events a module raises (IWebhookEvents.RaiseAsync): what administrators can subscribe to.
    public static IServiceCollection AddWebhookEvents(this IServiceCollection services, int order, params string[] names)
    {
        foreach (var name in names) services.AddSingleton(new Webhooks.WebhookEventName(name, order));
        return services;
    }

    // The inbox message kinds a module sends through the outbound channel (SMS, template messages)
    // as well as the inbox; every other kind stays in the inbox (OutboxDispatch).
    public static IServiceCollection AddOutboundKinds(this IServiceCollection services, params string[] kinds)
    {
        foreach (var kind in kinds) services.AddSingleton(new Notifications.OutboundKind(kind));
        return services;
    }
}

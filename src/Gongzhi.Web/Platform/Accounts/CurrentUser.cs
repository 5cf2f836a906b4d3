using System.Security.Claims;

namespace Gongzhi.Web.Platform.Accounts;

// The caller of this request, as the server knows it (never as the page claims it).
public sealed class CurrentUser(IHttpContextAccessor http, CapabilityTable capabilities)
{
    private ClaimsPrincipal Principal => http.HttpContext?.User ?? new ClaimsPrincipal();

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;
    public string? Id => Principal.FindFirstValue(ClaimTypes.NameIdentifier);
    public string Name => Principal.FindFirstValue("display_name") ?? Principal.Identity?.Name ?? "";
    public IEnumerable<string> Roles => Principal.FindAll(ClaimTypes.Role).Select(c => c.Value);
    public bool IsInRole(string role) => Principal.IsInRole(role);
    public bool Can(Capability capability) => Roles.Any(r => capabilities.RoleHas(r, capability));

    public void Require(Capability capability)
    {
        if (!IsAuthenticated) throw new Forbidden("Error.LoginRequired");
        if (!Can(capability)) throw new Forbidden();
    }

    public string RequiredId => Id ?? throw new Forbidden("Error.LoginRequired");
}

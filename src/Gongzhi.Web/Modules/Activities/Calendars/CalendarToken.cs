namespace Gongzhi.Web.Modules.Activities.Calendars;

// The secret in a personal feed's URL. Revoking replaces it, so the old URL stops working at once.
public sealed class CalendarToken
{
    public string UserId { get; private set; } = "";
    public string Token { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    private CalendarToken() { } // for EF

    public CalendarToken(string userId, DateTime now)
    {
        UserId = userId;
        Renew(now);
    }

    public void Renew(DateTime now)
    {
        Token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
        CreatedAt = now;
    }
}

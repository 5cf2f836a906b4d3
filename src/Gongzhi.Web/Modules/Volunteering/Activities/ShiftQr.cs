using System.Security.Cryptography;
using System.Text;

namespace Gongzhi.Web.Modules.Volunteering.Activities;

// The check-in code shown at the place: an HMAC of the shift's secret and the current time step.
// It changes every step, and a scan is accepted for the current step and the one before (a phone
// that scanned just before the change); a photo of the code is useless two steps later.
public static class ShiftQr
{
    public const int StepSeconds = 30;

    public static string TokenFor(string secret, DateTimeOffset at) => TokenForStep(secret, Step(at));

    public static bool Verify(string secret, string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token) || token.Length != 10) return false;
        var step = Step(now);
        return Same(token, TokenForStep(secret, step)) || Same(token, TokenForStep(secret, step - 1));
    }

    public static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

    private static long Step(DateTimeOffset at) => at.ToUnixTimeSeconds() / StepSeconds;

    private static string TokenForStep(string secret, long step)
    {
        var mac = HMACSHA256.HashData(Encoding.ASCII.GetBytes(secret), BitConverter.GetBytes(step));
        return Convert.ToHexString(mac, 0, 5);
    }

    private static bool Same(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a.ToUpperInvariant()), Encoding.ASCII.GetBytes(b));
}

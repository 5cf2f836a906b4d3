using System.Text.Json;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Photos;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;

namespace Gongzhi.Web.Modules.Requests.Open311;

// The media_url we publish must open for any Open311 client, which has no account here. The link
// carries the photo id sealed with the app's data-protection keys: it cannot be guessed or walked
// (photo 1, 2, 3…), and it still opens after the key ring rotates (old keys stay to unprotect).
// Serving checks again that the request is one everyone may see: not anonymous, not a dispute.
public sealed class Open311Media(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Gongzhi.Open311.Media.v1");

    public string UrlFor(string baseUrl, long photoId) =>
        $"{baseUrl}/open311/media/{WebEncoders.Base64UrlEncode(_protector.Protect(BitConverter.GetBytes(photoId)))}";

    public long? PhotoId(string token)
    {
        try
        {
            var bytes = _protector.Unprotect(WebEncoders.Base64UrlDecode(token));
            return bytes.Length == sizeof(long) ? BitConverter.ToInt64(bytes) : null;
        }
        catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    // The media_url a system gave when it posted the request (kept with the answers).
    public static string? PostedUrl(string? answersJson)
    {
        if (string.IsNullOrEmpty(answersJson)) return null;
        try
        {
            using var json = JsonDocument.Parse(answersJson);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("media_url", out var url)
                ? url.ValueKind switch
                {
                    JsonValueKind.String => url.GetString(),
                    JsonValueKind.Array when url.GetArrayLength() > 0 && url[0].ValueKind == JsonValueKind.String => url[0].GetString(),
                    _ => null,
                }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static async Task<IResult> ServeAsync(string token, HttpContext http)
    {
        var media = http.RequestServices.GetRequiredService<Open311Media>();
        if (token.Length > 400 || media.PhotoId(token) is not { } photoId) return Results.NotFound();
        var db = http.RequestServices.GetRequiredService<GongzhiDb>();
        var photo = await (from p in db.CasePhotos.AsNoTracking()
                           join c in db.Cases on p.CaseId equals c.Id
                           join k in db.CaseCategories on c.CategoryId equals k.Id
                           where p.Id == photoId && !c.Anonymous && !k.IsDispute
                           select new { p.StoredName, p.ContentType }).FirstOrDefaultAsync(http.RequestAborted);
        var store = http.RequestServices.GetRequiredService<PhotoStore>();
        if (photo is null || !File.Exists(store.PathOf(photo.StoredName))) return Results.NotFound();
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return Results.File(store.PathOf(photo.StoredName), photo.ContentType);
    }
}

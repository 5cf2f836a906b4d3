using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Photos;
using Microsoft.AspNetCore.Identity;

namespace Gongzhi.Web.Modules.Requests;

public static class RequestsPageEndpoints
{
    public static void MapRequestsPageEndpoints(this WebApplication app)
    {
        // A case photo, for whoever may see the case (page cookie or API token). Served from disk with
        // the type found when it was checked, never sniffed again by the browser.
        app.MapGet("/cases/{id:long}/photos/{photoId:long}", async (long id, long photoId, HttpContext http, CaseAccess access, GongzhiDb db, PhotoStore photos, CancellationToken ct) =>
        {
            try
            {
                await access.ForAnyAsync(id, ct);
            }
            catch (DomainException)
            {
                return Results.NotFound();
            }
            var photo = await db.CasePhotos.AsNoTracking().FirstOrDefaultAsync(p => p.Id == photoId && p.CaseId == id, ct);
            if (photo is null || !File.Exists(photos.PathOf(photo.StoredName))) return Results.NotFound();
            http.Response.Headers.XContentTypeOptions = "nosniff";
            http.Response.Headers.CacheControl = "private, max-age=86400";
            return Results.File(photos.PathOf(photo.StoredName), photo.ContentType);
        }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute
        {
            AuthenticationSchemes = $"{IdentityConstants.ApplicationScheme},{IdentityConstants.BearerScheme}",
        });
    }
}

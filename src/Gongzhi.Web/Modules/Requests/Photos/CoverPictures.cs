namespace Gongzhi.Web.Modules.Requests.Photos;

// A cover picture (封面) of an event, a reward or a topic: one photo, checked and stored exactly like a
// case photo (type from the first bytes, JPEG/PNG/WebP only, the same size limit, on disk under the
// photo directory). The owner's row keeps its stored name and type; the file is served through
// the owner's module, which checks who may see it.
public static class CoverPictures
{
    public const string Field = "cover";

    // The picture a multipart form posted as "cover" (none chosen is null), and whether it asked to remove the cover instead.
    public static (PhotoUpload? Upload, bool Remove) FromForm(IFormCollection form) =>
        (PhotoUpload.From(form.Files.GetFiles(Field)).FirstOrDefault(), form["remove"].Any(v => v is "1" or "true"));

    public static (PhotoUpload? Upload, bool Remove) FromForm(HttpContext http) =>
        http.Request.HasFormContentType ? FromForm(http.Request.Form) : (null, false);

    // Sets (upload) or removes (null) a cover. The new file is checked and written first; `apply` puts
    // it on the owner and returns the old stored name, `save` writes the row. If anything fails the
    // new file is deleted and the row is as it was; the old file is deleted only after the save.
    public static async Task ReplaceAsync(PhotoStore store, PhotoUpload? upload, bool remove, DateTime now,
        Func<StoredPhoto?, string?> apply, Func<Task> save, CancellationToken ct)
    {
        StoredPhoto? saved = null;
        if (!remove)
        {
            if (upload is null) throw new ValidationFailure("Cover", "Cover.Error.Missing");
            List<(PhotoUpload, string, string)> checkedPhoto;
            try
            {
                checkedPhoto = await store.CheckAsync([upload], ct);
            }
            catch (ValidationFailure e)
            {
                // The case photo rules, reported against the cover field.
                throw new ValidationFailure(e.Errors.Select(x => x with { Field = "Cover" }).ToList());
            }
            saved = (await store.SaveAsync(checkedPhoto, now, ct))[0];
        }
        string? old;
        try
        {
            old = apply(saved);
            await save();
        }
        catch
        {
            if (saved is not null) store.Delete([saved]);
            throw;
        }
        if (old is not null) store.Delete([new StoredPhoto(old, "", 0)]);
    }

    // The picture's address for pages: its owner's route plus a version so a replaced cover is fetched anew.
    public static string? Url(string ownerPath, string? storedName) =>
        storedName is null ? null : $"{ownerPath}/cover?v={Path.GetFileNameWithoutExtension(storedName)[..8]}";

    public static IResult Serve(HttpContext http, PhotoStore store, string? storedName, string? contentType)
    {
        if (storedName is null || contentType is null || !File.Exists(store.PathOf(storedName))) return Results.NotFound();
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.CacheControl = "private, max-age=86400";
        return Results.File(store.PathOf(storedName), contentType);
    }
}

namespace Gongzhi.Web.Modules.Requests.Photos;

public sealed record PhotoUpload(string? FileName, long Length, Func<Stream> Open)
{
    // The photos a form posted under one field name. A browser posts an empty part for a file input
    // left blank; that is no photo, not a bad one.
    public static List<PhotoUpload> FromForm(HttpContext http, string field = "photos") =>
        http.Request.HasFormContentType ? From(http.Request.Form.Files.GetFiles(field)) : [];

    // The posted files plus the photos a phone handed to WeChat's uploader instead (the form's
    // "<field>.media" carries their ids, comma-separated; see wwwroot/js/wechat.js). Fetched bytes go
    // through the same checks as a posted file.
    public static async Task<List<PhotoUpload>> FromFormAndMediaAsync(HttpContext http, string field = "photos", CancellationToken ct = default)
    {
        var uploads = FromForm(http, field);
        if (!http.Request.HasFormContentType) return uploads;
        var ids = http.Request.Form[field + ".media"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (ids.Count == 0) return uploads;
        if (uploads.Count + ids.Count > PhotoStore.MaxPhotos) throw new ValidationFailure("Photos", "Requests.Error.TooManyPhotos", PhotoStore.MaxPhotos);
        var source = http.RequestServices.GetService<Platform.Media.IClientMediaSource>() ?? throw new ValidationFailure("Photos", "Requests.Error.PhotoType", ids[0]);
        foreach (var media in await source.FetchAsync(ids, ct))
            uploads.Add(new PhotoUpload(media.FileName, media.Bytes.Length, () => new MemoryStream(media.Bytes, writable: false)));
        return uploads;
    }

    public static List<PhotoUpload> From(IEnumerable<IFormFile> files) =>
        files.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).Select(f => new PhotoUpload(f.FileName, f.Length, f.OpenReadStream)).ToList();
}

public sealed record StoredPhoto(string StoredName, string ContentType, long Length);

// Photos live on disk (under data/photos, or Requests:PhotoDirectory), never in the database or in
// a page's HTML. The type is decided by the file's first bytes, not by its name or the browser's
// claim, and only JPEG, PNG and WebP are kept.
public sealed class PhotoStore(IConfiguration configuration)
{
    public const int MaxPhotos = 6;
    public long MaxBytes => configuration.GetValue<long?>("Requests:MaxPhotoBytes") ?? 5 * 1024 * 1024;

    public string Directory { get; } = configuration["Requests:PhotoDirectory"]
        ?? Path.Combine(Data.DataModule.DataDirectory(configuration), "photos");

    // Checks every photo before anything is written, so a bad one rejects the whole submission.
    public async Task<List<(PhotoUpload Upload, string ContentType, string Extension)>> CheckAsync(IReadOnlyList<PhotoUpload> photos, CancellationToken ct = default)
    {
        if (photos.Count > MaxPhotos) throw new ValidationFailure("Photos", "Requests.Error.TooManyPhotos", MaxPhotos);
        var checkedPhotos = new List<(PhotoUpload, string, string)>();
        foreach (var photo in photos)
        {
            if (photo.Length == 0) throw new ValidationFailure("Photos", "Requests.Error.PhotoEmpty", photo.FileName ?? "");
            if (photo.Length > MaxBytes) throw new ValidationFailure("Photos", "Requests.Error.PhotoTooLarge", photo.FileName ?? "", MaxBytes / 1024 / 1024);
            var head = new byte[12];
            await using (var stream = photo.Open())
            {
                var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
                if (read < head.Length) head = head[..read];
            }
            var type = Sniff(head) ?? throw new ValidationFailure("Photos", "Requests.Error.PhotoType", photo.FileName ?? "");
            checkedPhotos.Add((photo, type.ContentType, type.Extension));
        }
        return checkedPhotos;
    }

    public async Task<List<StoredPhoto>> SaveAsync(IReadOnlyList<(PhotoUpload Upload, string ContentType, string Extension)> photos, DateTime now, CancellationToken ct = default)
    {
        var saved = new List<StoredPhoto>();
        try
        {
            foreach (var (upload, contentType, extension) in photos)
            {
                var name = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}{extension}";
                var path = PathOf(name);
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await using (var source = upload.Open())
                await using (var target = File.Create(path))
                {
                    await source.CopyToAsync(target, ct);
                }
                saved.Add(new StoredPhoto(name, contentType, upload.Length));
            }
            return saved;
        }
        catch
        {
            Delete(saved);
            throw;
        }
    }

    // Undo for a submission that failed after its photos were written.
    public void Delete(IEnumerable<StoredPhoto> photos)
    {
        foreach (var p in photos)
        {
            try { File.Delete(PathOf(p.StoredName)); } catch (IOException) { }
        }
    }

    public string PathOf(string storedName)
    {
        var full = Path.GetFullPath(Path.Combine(Directory, storedName));
        if (!full.StartsWith(Path.GetFullPath(Directory), StringComparison.Ordinal)) throw new NotFound();
        return full;
    }

    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return ("image/jpeg", ".jpg");
        if (head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return ("image/png", ".png");
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return ("image/webp", ".webp");
        return null;
    }
}

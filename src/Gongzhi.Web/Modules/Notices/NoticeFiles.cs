namespace Gongzhi.Web.Modules.Notices;

public sealed record NoticeUpload(string? FileName, long Length, Func<Stream> Open);

public sealed record StoredNoticeFile(string FileName, string StoredName, string ContentType, long Length);

// Pictures and PDFs attached to notices, on disk under data/notices like case photos. The type is
// decided by the file's first bytes, never by its name or the browser's claim; anything else is refused.
public sealed class NoticeFiles(IConfiguration configuration)
{
    public const int MaxFiles = 6;
    public long MaxBytes => configuration.GetValue<long?>("Notices:MaxFileBytes") ?? 10 * 1024 * 1024;

    public string Directory { get; } = Path.Combine(Data.DataModule.DataDirectory(configuration), "notices");

    public async Task<List<(NoticeUpload Upload, string ContentType, string Extension)>> CheckAsync(IReadOnlyList<NoticeUpload> uploads, CancellationToken ct = default)
    {
        if (uploads.Count > MaxFiles) throw new ValidationFailure("Files", "Notices.Error.TooManyFiles", MaxFiles);
        var list = new List<(NoticeUpload, string, string)>();
        foreach (var u in uploads)
        {
            var name = u.FileName ?? "";
            if (u.Length == 0) throw new ValidationFailure("Files", "Notices.Error.FileEmpty", name);
            if (u.Length > MaxBytes) throw new ValidationFailure("Files", "Notices.Error.FileTooLarge", name, MaxBytes / 1024 / 1024);
            var head = new byte[12];
            await using (var s = u.Open())
            {
                var read = await s.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
                head = head[..read];
            }
            var type = Sniff(head) ?? throw new ValidationFailure("Files", "Notices.Error.FileType", name);
            list.Add((u, type.ContentType, type.Extension));
        }
        return list;
    }

    public async Task<List<StoredNoticeFile>> SaveAsync(IReadOnlyList<(NoticeUpload Upload, string ContentType, string Extension)> files, DateTime now, CancellationToken ct = default)
    {
        var saved = new List<StoredNoticeFile>();
        try
        {
            foreach (var (upload, contentType, extension) in files)
            {
                var stored = $"{now:yyyy}/{now:MM}/{Guid.NewGuid():N}{extension}";
                var path = PathOf(stored);
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await using (var source = upload.Open())
                await using (var target = File.Create(path))
                    await source.CopyToAsync(target, ct);
                var display = Path.GetFileName(upload.FileName ?? "");
                saved.Add(new StoredNoticeFile(display.Length == 0 ? "file" + extension : display, stored, contentType, upload.Length));
            }
            return saved;
        }
        catch
        {
            Delete(saved);
            throw;
        }
    }

    public void Delete(IEnumerable<StoredNoticeFile> files)
    {
        foreach (var f in files)
        {
            try { File.Delete(PathOf(f.StoredName)); } catch (IOException) { }
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
        if (head.StartsWith("%PDF-"u8)) return ("application/pdf", ".pdf");
        if (head.StartsWith(new byte[] { 0xFF, 0xD8, 0xFF })) return ("image/jpeg", ".jpg");
        if (head.StartsWith(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })) return ("image/png", ".png");
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return ("image/webp", ".webp");
        return null;
    }
}

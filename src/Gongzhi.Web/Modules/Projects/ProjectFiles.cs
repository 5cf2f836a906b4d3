using Gongzhi.Web.Modules.Requests.Photos;

namespace Gongzhi.Web.Modules.Projects;

// Photos go through the shared photo store (JPEG, PNG, WebP by their first bytes); receipts and
// guides may also be PDF, recognised the same way by "%PDF-".
public static class ProjectFiles
{
    public const int MaxPerReport = 6;

    public static bool IsPdf(ReadOnlySpan<byte> head) => head.StartsWith("%PDF-"u8);

    public static async Task<(PhotoUpload Upload, string ContentType, string Extension)> CheckAsync(PhotoStore store, PhotoUpload upload, bool allowPdf, bool pdfOnly, string field, CancellationToken ct)
    {
        if (upload.Length == 0) throw new ValidationFailure(field, "Requests.Error.PhotoEmpty", upload.FileName ?? "");
        if (upload.Length > store.MaxBytes) throw new ValidationFailure(field, "Requests.Error.PhotoTooLarge", upload.FileName ?? "", store.MaxBytes / 1024 / 1024);
        var head = new byte[12];
        await using (var stream = upload.Open())
        {
            var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
            head = head[..read];
        }
        if ((allowPdf || pdfOnly) && IsPdf(head)) return (upload, "application/pdf", ".pdf");
        if (!pdfOnly && PhotoStore.Sniff(head) is { } type) return (upload, type.ContentType, type.Extension);
        throw new ValidationFailure(field, pdfOnly ? "Projects.Error.PdfOnly" : allowPdf ? "Projects.Error.ReceiptType" : "Requests.Error.PhotoType", upload.FileName ?? "");
    }

    public static async Task<StoredPhoto> SaveAsync(PhotoStore store, PhotoUpload upload, bool pdfOnly, string field, DateTime now, CancellationToken ct)
    {
        var checkedFile = await CheckAsync(store, upload, allowPdf: true, pdfOnly, field, ct);
        return (await store.SaveAsync([checkedFile], now, ct))[0];
    }
}

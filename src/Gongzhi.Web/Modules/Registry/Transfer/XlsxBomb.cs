using System.IO.Compression;

namespace Gongzhi.Web.Modules.Registry.Transfer;

// An .xlsx is a zip: a 205 KB file can hold one 200 MB shared string, and the spreadsheet SDK expands
// it whole into memory (0.4 → 2.0 GB). Before the SDK sees the file, its parts are expanded here into
// nothing, counting bytes, and the file is refused once the total passes a bound no real register
// reaches (50,000 rows are about 25 MB of sheet XML). The sizes the zip declares are checked first
// (cheap) but not trusted: the count is of what actually comes out.
public static class XlsxBomb
{
    public const long MaxExpandedBytes = 64L * 1024 * 1024;

    public static void Check(Stream xlsx)
    {
        ZipArchive zip;
        try { zip = new ZipArchive(xlsx, ZipArchiveMode.Read, leaveOpen: true); }
        catch (InvalidDataException) { throw new ValidationFailure("File", "Registry.Transfer.Error.NotXlsx"); }
        using (zip)
        {
            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                declared += entry.Length;
                if (declared > MaxExpandedBytes) throw Refused();
            }
            var chunk = new byte[81920];
            long total = 0;
            try
            {
                foreach (var entry in zip.Entries)
                {
                    using var part = entry.Open();
                    int read;
                    while ((read = part.Read(chunk)) > 0)
                    {
                        total += read;
                        if (total > MaxExpandedBytes) throw Refused();
                    }
                }
            }
            catch (InvalidDataException) { throw new ValidationFailure("File", "Registry.Transfer.Error.NotXlsx"); }
        }
    }

    private static ValidationFailure Refused() => new("File", "Registry.Transfer.Error.Expands", MaxExpandedBytes / (1024 * 1024));
}

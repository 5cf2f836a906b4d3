using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Privacy;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Requests;

// The cases an account raised, for the holder's own download (anonymous ones too: they are theirs).
internal sealed class RequestsPersonalData(GongzhiDb db, IStringLocalizer text) : IPersonalDataSource
{
    public int Order => 20;

    public async Task<PersonalDataSection?> ForAsync(AppUser user, CancellationToken ct)
    {
        var rows = await (from c in db.Cases where c.ReporterUserId == user.Id
                          join k in db.CaseCategories on c.CategoryId equals k.Id
                          orderby c.Id
                          select new { c.Id, c.SubmittedAt, Category = k.Name, c.Status, c.Description, c.Address, c.Anonymous, c.ReporterName, c.ReporterPhone, c.RatingComment })
            .ToListAsync(ct);
        return new PersonalDataSection("cases", "Requests.Data.Title", rows.Select(c => (IReadOnlyList<PersonalDataField>)[
            new("id", "Requests.Data.Id", "#" + c.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("submittedAt", "Requests.Data.SubmittedAt", PersonalDataExport.Time(c.SubmittedAt)),
            new("category", "Requests.Data.Category", c.Category),
            new("status", "Requests.Data.Status", text[$"Enum.CaseStatus.{c.Status}"]),
            new("description", "Requests.Data.Description", c.Description),
            new("address", "Requests.Data.Address", c.Address),
            new("anonymous", "Requests.Data.Anonymous", text[c.Anonymous ? "Requests.Data.Yes" : "Requests.Data.No"]),
            new("reporterName", "Requests.Data.ReporterName", c.ReporterName),
            new("reporterPhone", "Requests.Data.ReporterPhone", c.ReporterPhone),
            new("ratingComment", "Requests.Data.RatingComment", c.RatingComment),
        ]).ToList());
    }
}

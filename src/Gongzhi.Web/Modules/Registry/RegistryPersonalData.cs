using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;
using Gongzhi.Web.Platform.Privacy;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Registry;

// The registry entry linked to an account, for the holder's own download. The ID number is given
// masked: its full form is revealed only by staff, audited.
internal sealed class RegistryPersonalData(GongzhiDb db, IStringLocalizer text) : IPersonalDataSource
{
    public int Order => 10;

    public async Task<PersonalDataSection?> ForAsync(AppUser user, CancellationToken ct)
    {
        if (user.ResidentId is not { } residentId) return null;
        var row = await (from r in db.Residents where r.Id == residentId
                         join h in db.Households on r.HouseholdId equals h.Id
                         join b in db.Buildings on h.BuildingId equals b.Id
                         join e in db.Estates on h.EstateId equals e.Id
                         join n in db.Entrances on h.EntranceId equals n.Id
                         select new { r.Name, r.Gender, r.BirthDate, r.Relation, r.Phone, r.IdNumberMasked, Estate = e.Name, Building = b.Number, Entrance = n.Number, h.Room, r.Id })
            .FirstOrDefaultAsync(ct);
        if (row is null) return null;
        var tags = await db.Residents.Where(r => r.Id == residentId).SelectMany(r => r.CareTags.Select(t => t.Kind)).ToListAsync(ct);
        return new PersonalDataSection("registry", "Registry.Data.Title", [[
            new("name", "Registry.Data.Name", row.Name),
            new("gender", "Registry.Data.Gender", text[$"Enum.Gender.{row.Gender}"]),
            new("birthDate", "Registry.Data.BirthDate", row.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            new("relation", "Registry.Data.Relation", row.Relation),
            new("phone", "Registry.Data.Phone", row.Phone),
            new("idNumber", "Registry.Data.IdNumber", row.IdNumberMasked),
            new("address", "Registry.Data.Address", $"{row.Estate}{row.Building}栋{row.Entrance}单元{row.Room}"),
            new("careTags", "Registry.Data.CareTags", string.Join("、", tags.Select(t => text[$"Enum.CareTagKind.{t}"].Value))),
        ]]);
    }
}

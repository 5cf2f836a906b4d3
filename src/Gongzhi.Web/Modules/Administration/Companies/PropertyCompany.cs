using Gongzhi.Web.Modules.Registry;
using Gongzhi.Web.Platform.Accounts;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Gongzhi.Web.Modules.Administration.Companies;

// 物业公司: a company serving some estates of one subdistrict, with its butlers (物业管家).
// Which estates it serves and who works for it are spans of dates, ended and never deleted, so
// "who managed 团结新村 last spring" keeps an answer after a change of company.
public sealed class PropertyCompany
{
    public const int NameLength = 50;
    public const int ContactLength = 30;

    public long Id { get; private set; }
    public long SubdistrictId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Contact { get; private set; }
    public string? Phone { get; private set; }
    public int Version { get; private set; }

    private PropertyCompany() { } // for EF

    public PropertyCompany(long subdistrictId, string? name, string? contact, string? phone)
    {
        SubdistrictId = subdistrictId;
        Set(name, contact, phone);
    }

    public void Edit(string? name, string? contact, string? phone, int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict();
        Set(name, contact, phone);
        Version++;
    }

    private void Set(string? name, string? contact, string? phone)
    {
        var errors = new List<FieldError>();
        string? Try(Func<string?> check)
        {
            try { return check(); }
            catch (ValidationFailure v) { errors.AddRange(v.Errors); return null; }
        }
        var n = Try(() => Guard.Text(name, NameLength, "Name"));
        var c = Try(() => Guard.OptionalText(contact, ContactLength, "Contact"));
        var p = Try(() => string.IsNullOrWhiteSpace(phone) ? null : PhoneNumber.Normalize(phone));
        if (errors.Count > 0) throw new ValidationFailure(errors);
        (Name, Contact, Phone) = (n!, c, p);
    }
}

// One estate served by one company from a day up to, not including, the day it ended.
public sealed class CompanyEstate
{
    public long Id { get; private set; }
    public long CompanyId { get; private set; }
    public long EstateId { get; private set; }
    public DateOnly From { get; private set; }
    public DateOnly? To { get; private set; }

    private CompanyEstate() { } // for EF

    public CompanyEstate(long companyId, long estateId, DateOnly from) => (CompanyId, EstateId, From) = (companyId, estateId, from);

    public void End(DateOnly on) => To = on < From ? From : on;
}

// A butler account working for a company: while it does, it holds a 物业管家 post at each of the
// company's estates, which is what scopes what the butler sees and which referrals reach them.
public sealed class CompanyButler
{
    public long Id { get; private set; }
    public long CompanyId { get; private set; }
    public string UserId { get; private set; } = "";
    public DateOnly From { get; private set; }
    public DateOnly? To { get; private set; }

    private CompanyButler() { } // for EF

    public CompanyButler(long companyId, string userId, DateOnly from) => (CompanyId, UserId, From) = (companyId, userId, from);

    public void End(DateOnly on) => To = on < From ? From : on;
}

internal sealed class PropertyCompanyConfiguration : IEntityTypeConfiguration<PropertyCompany>
{
    public void Configure(EntityTypeBuilder<PropertyCompany> b)
    {
        b.ToTable("PropertyCompanies");
        b.Property(x => x.Name).HasMaxLength(PropertyCompany.NameLength);
        b.Property(x => x.Contact).HasMaxLength(PropertyCompany.ContactLength);
        b.Property(x => x.Phone).HasMaxLength(20);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasOne<Subdistrict>().WithMany().HasForeignKey(x => x.SubdistrictId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.SubdistrictId, x.Name }).IsUnique();
    }
}

internal sealed class CompanyEstateConfiguration : IEntityTypeConfiguration<CompanyEstate>
{
    public void Configure(EntityTypeBuilder<CompanyEstate> b)
    {
        b.ToTable("CompanyEstates");
        b.HasOne<PropertyCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Estate>().WithMany().HasForeignKey(x => x.EstateId).OnDelete(DeleteBehavior.Restrict);
        // One company at a time per estate: two people assigning it at once, the index decides.
        b.HasIndex(x => x.EstateId).IsUnique().HasFilter("\"To\" IS NULL").HasDatabaseName("IX_CompanyEstates_EstateId_Current");
        b.HasIndex(x => x.CompanyId);
    }
}

internal sealed class CompanyButlerConfiguration : IEntityTypeConfiguration<CompanyButler>
{
    public void Configure(EntityTypeBuilder<CompanyButler> b)
    {
        b.ToTable("CompanyButlers");
        b.Property(x => x.UserId).HasMaxLength(450);
        b.HasOne<PropertyCompany>().WithMany().HasForeignKey(x => x.CompanyId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.UserId).IsUnique().HasFilter("\"To\" IS NULL").HasDatabaseName("IX_CompanyButlers_UserId_Current");
        b.HasIndex(x => x.CompanyId);
    }
}

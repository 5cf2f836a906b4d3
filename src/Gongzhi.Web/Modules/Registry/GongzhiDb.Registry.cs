using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Data;

// Registry's tables on the one DbContext (`db.Subdistricts`). Each module declares its own part of this
// partial class in its own folder, so GongzhiDb.cs names no module and one DbContext keeps one
// migration order. (Properties, not C# 14 extension properties: expression trees may not hold
// those, and queries use these sets inside lambdas.)
public sealed partial class GongzhiDb
{
    public DbSet<Subdistrict> Subdistricts => Set<Subdistrict>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Grid> Grids => Set<Grid>();
    public DbSet<Estate> Estates => Set<Estate>();
    public DbSet<Building> Buildings => Set<Building>();
    public DbSet<Entrance> Entrances => Set<Entrance>();
    public DbSet<Household> Households => Set<Household>();
    public DbSet<Resident> Residents => Set<Resident>();
    public DbSet<NameGram> NameGrams => Set<NameGram>();
    public DbSet<CareTag> CareTags => Set<CareTag>();
    public DbSet<Ownership> Ownerships => Set<Ownership>();
    public DbSet<DutyPost> DutyPosts => Set<DutyPost>();
}

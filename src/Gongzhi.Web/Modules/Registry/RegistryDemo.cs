using Gongzhi.Web.Demo;
using System.Globalization;
using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Registry;

public sealed record DemoPlaces(long SubdistrictId, IReadOnlyList<long> CommunityIds, IReadOnlyList<long> GridIds);

// A subdistrict with two communities, shaped like the seed articles: old work-unit compounds
// (新村), commercial estates, grids of a few hundred households, leaders in every building.
// Deterministic: the same seed gives the same community, so screenshots and tests agree.
public sealed class RegistryDemo(GongzhiDb db, IdNumberProtector protector, TimeProvider clock)
{
    private static readonly (string Community, string Address, string Phone, string[] Grids, (string Name, int Buildings, string Address)[] Estates)[] Layout =
    [
        ("团结巷社区", "包河区团结巷18号", "0551-63821001",
            ["第一网格", "第二网格", "第三网格", "第四网格"],
            [("团结新村", 16, "团结巷2号"), ("幸福里小区", 12, "团结巷36号"), ("阳光花园", 14, "望湖路88号"), ("和平苑", 8, "和平路15号")]),
        ("建设社区", "包河区建设路102号", "0551-63822002",
            ["第一网格", "第二网格", "第三网格"],
            [("建设新村", 14, "建设路6号"), ("锦绣家园", 16, "锦绣大道9号"), ("翠竹苑", 10, "翠竹路21号")]),
    ];

    private static readonly string[] AreaCodes = ["340104", "340111", "340102", "340103", "340121", "340122", "341521", "342401", "340822", "341122"];

    private readonly HashSet<string> _ids = [];
    private readonly HashSet<string> _phones = [];

    public Task<bool> HasPlacesAsync(CancellationToken ct) => db.Subdistricts.AnyAsync(ct);

    public async Task<DemoPlaces> GenerateAsync(int householdTarget, int seed = 20261122, CancellationToken ct = default)
    {
        var r = new Random(seed);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(clock.GetLocalNow().DateTime);
        db.ChangeTracker.AutoDetectChangesEnabled = false;

        var sub = new Subdistrict("骆岗街道");
        db.Subdistricts.Add(sub);
        await db.SaveChangesAsync(ct);

        // Scale the layout to the household target (3,000 by default: about 90 buildings, 270 entrances).
        var baseBuildings = Layout.Sum(c => c.Estates.Sum(e => e.Buildings));
        var scale = Math.Max(1.0, householdTarget / (baseBuildings * 3 * 11.1));
        var communityIds = new List<long>();
        var gridIds = new List<long>();
        var households = new List<(Household H, int Floors)>();
        foreach (var c in Layout)
        {
            var community = new Community(sub.Id, c.Community, c.Address, c.Phone);
            db.Communities.Add(community);
            await db.SaveChangesAsync(ct);
            communityIds.Add(community.Id);
            var grids = c.Grids.Select(g => new Grid(community.Id, g, $"{c.Community}{g}")).ToList();
            db.Grids.AddRange(grids);
            await db.SaveChangesAsync(ct);
            gridIds.AddRange(grids.Select(g => g.Id));

            var buildingCount = c.Estates.Sum(e => (int)Math.Round(e.Buildings * scale));
            var perGrid = (int)Math.Ceiling(buildingCount / (double)grids.Count);
            var buildingIndex = 0;
            foreach (var (name, baseCount, address) in c.Estates)
            {
                var estate = new Estate(community.Id, name, address);
                db.Estates.Add(estate);
                await db.SaveChangesAsync(ct);
                var count = (int)Math.Round(baseCount * scale);
                var buildings = new List<Building>();
                for (var n = 1; n <= count; n++, buildingIndex++)
                {
                    var floors = name.EndsWith("新村", StringComparison.Ordinal) ? 5 + r.Next(2) : 6 + r.Next(3) * 3 % 7;
                    buildings.Add(new Building(estate.Id, n, Math.Min(floors, 11), grids[Math.Min(buildingIndex / perGrid, grids.Count - 1)].Id));
                }
                db.Buildings.AddRange(buildings);
                await db.SaveChangesAsync(ct);
                var entrances = buildings.SelectMany(b => Enumerable.Range(1, 3).Select(u => (B: b, E: new Entrance(b.Id, u)))).ToList();
                db.Entrances.AddRange(entrances.Select(x => x.E));
                await db.SaveChangesAsync(ct);
                foreach (var (b, e) in entrances)
                {
                    for (var floor = 1; floor <= b.Floors; floor++)
                    {
                        for (var door = 1; door <= 2; door++)
                        {
                            // Not every flat is registered: some stand empty or are shops.
                            if (r.NextDouble() < 0.04) continue;
                            households.Add((new Household(e, b, b.GridId, $"{floor}0{door}", now), b.Floors));
                        }
                    }
                }
            }
        }
        // Trim to the target so figures match what the README promises.
        if (households.Count > householdTarget)
        {
            var step = (double)households.Count / householdTarget;
            var all = households;
            households = Enumerable.Range(0, householdTarget).Select(i => all[(int)(i * step)]).ToList();
        }

        foreach (var chunk in households.Chunk(5000))
        {
            db.Households.AddRange(chunk.Select(x => x.H));
            await db.SaveChangesAsync(ct);
            var residents = new List<Resident>();
            var owners = new List<OwnerDraft>();
            foreach (var (h, _) in chunk) AddFamily(r, h, today, residents, owners);
            db.Residents.AddRange(residents);
            await db.SaveChangesAsync(ct);
            db.Ownerships.AddRange(owners.Select(o => o.Build()));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return new DemoPlaces(sub.Id, communityIds, gridIds);
    }

    private void AddFamily(Random r, Household h, DateOnly today, List<Resident> residents, List<OwnerDraft> owners)
    {
        var kind = r.NextDouble();
        var surname = ChineseNames.Surname(r);
        var members = new List<Resident>();
        Resident Person(string relation, bool male, int age, string? familySurname = null, bool phone = true)
        {
            var birth = new DateOnly(today.Year - age, 1 + r.Next(12), 1 + r.Next(28));
            var name = (familySurname ?? ChineseNames.Surname(r)) + ChineseNames.Given(r, male, birth.Year);
            var resident = new Resident(h.Id, name, male ? Gender.Male : Gender.Female, relation, NewId(r, birth, male), protector,
                phone && age >= 14 ? NewPhone(r) : null);
            members.Add(resident);
            return resident;
        }

        if (kind < 0.07)
        {
            // An elderly person living alone: the households the care visits are for.
            var old = Person("户主", r.NextDouble() < 0.4, 72 + r.Next(20), surname);
            old.SetCareTags(old.AgeOn(today) >= 80 ? [CareTagKind.ElderlyAlone, CareTagKind.Elderly80Plus] : [CareTagKind.ElderlyAlone], today);
        }
        else if (kind < 0.17)
        {
            var age = 62 + r.Next(18);
            var head = Person("户主", true, age, surname);
            Person("配偶", false, age - r.Next(4));
            head.SetCareTags(age >= 75 ? [CareTagKind.EmptyNest] : [], today);
        }
        else if (kind < 0.25)
        {
            // Tenants: registered where they live, not owners.
            Person("户主", r.NextDouble() < 0.6, 24 + r.Next(15), surname);
            if (r.NextDouble() < 0.5) Person("租户", r.NextDouble() < 0.5, 22 + r.Next(15));
        }
        else
        {
            var headAge = 30 + r.Next(30);
            var head = Person("户主", r.NextDouble() < 0.8, headAge, surname);
            Person("配偶", head.Gender != Gender.Male, headAge + r.Next(7) - 3);
            var children = headAge < 36 ? 1 : 1 + (r.NextDouble() < 0.35 ? 1 : 0);
            for (var i = 0; i < children; i++)
            {
                var child = Person("子女", r.NextDouble() < 0.5, Math.Max(1, headAge - 24 - r.Next(8)), surname);
                if (child.AgeOn(today) < 16 && r.NextDouble() < 0.03) child.SetCareTags([CareTagKind.LeftBehindChild], today);
            }
            if (r.NextDouble() < 0.2) Person("父母", r.NextDouble() < 0.4, headAge + 25 + r.Next(6), surname);
        }

        var headPerson = members[0];
        var roll = r.NextDouble();
        if (roll < 0.03) headPerson.SetCareTags([.. headPerson.CareTags.Select(t => t.Kind), CareTagKind.Hardship], today);
        else if (roll < 0.05) headPerson.SetCareTags([.. headPerson.CareTags.Select(t => t.Kind), CareTagKind.Disability], today);
        else if (roll < 0.08 && headPerson.Gender == Gender.Male) headPerson.SetCareTags([.. headPerson.CareTags.Select(t => t.Kind), CareTagKind.Veteran], today);
        residents.AddRange(members);

        var area = 55 + r.Next(90) + r.Next(100) / 100m;
        if (kind is >= 0.17 and < 0.25)
        {
            // Rented flats: the owner lives elsewhere and is on the register by name only; a few are the developer's unsold stock.
            owners.Add(r.NextDouble() < 0.25
                ? new OwnerDraft(h.Id, null, "合肥安居置业有限公司", area, AreaSource.Register, true)
                : new OwnerDraft(h.Id, null, ChineseNames.Surname(r) + ChineseNames.Given(r, r.NextDouble() < 0.5, 1970), area, AreaSource.Contract, false));
        }
        else
        {
            owners.Add(new OwnerDraft(h.Id, headPerson, "", area, r.NextDouble() < 0.9 ? AreaSource.Register : AreaSource.Survey, false));
        }
    }

    private IdNumber NewId(Random r, DateOnly birth, bool male)
    {
        while (true)
        {
            var seq = r.Next(100) * 10 + (r.Next(5) * 2 + (male ? 1 : 0)) % 10;
            var first17 = AreaCodes[r.Next(AreaCodes.Length)] + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + seq.ToString("000", CultureInfo.InvariantCulture);
            var value = first17 + IdNumber.CheckChar(first17);
            if (_ids.Add(value)) return IdNumber.Parse(value);
        }
    }

    private string NewPhone(Random r)
    {
        string[] prefixes = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "158", "159", "177", "180", "181", "186", "187", "188", "189", "199"];
        while (true)
        {
            var phone = prefixes[r.Next(prefixes.Length)] + r.Next(10000000, 99999999).ToString(CultureInfo.InvariantCulture);
            if (_phones.Add(phone)) return phone;
        }
    }

    // The owner row points at the head's id, which exists only once the residents are saved.
    private sealed record OwnerDraft(long HouseholdId, Resident? Head, string Name, decimal Area, AreaSource Source, bool Developer)
    {
        public Ownership Build() => new(HouseholdId, Head?.Id, Head?.Name ?? Name, Area, Source, Developer);
    }
}

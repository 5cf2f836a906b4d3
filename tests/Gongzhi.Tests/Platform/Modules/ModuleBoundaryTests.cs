namespace Gongzhi.Tests.Platform.Modules;

// One rule per module: which modules it may use, and only through their public surface. A new
// module is refused until it is written into this table, so each dependency is a decision.
public sealed class ModuleBoundaryTests
{
    private const string R = "Gongzhi.Web.Modules.Registry.";
    private const string Q = "Gongzhi.Web.Modules.Requests.";
    private const string V = "Gongzhi.Web.Modules.Volunteering.";
    private const string A = "Gongzhi.Web.Modules.Activities.";
    private const string D = "Gongzhi.Web.Modules.Deliberation.";

    // What other modules may use of each module. Everything else in a module is its own business.
    public static readonly Dictionary<string, string[]> Surface = new()
    {
        ["Registry"] =
        [
            // The place tree and the people in it, and the caller's scope over them.
            R + "Subdistrict", R + "Community", R + "Grid", R + "Estate", R + "Building", R + "Entrance", R + "Household", R + "PlaceKind",
            R + "Resident", R + "IdNumber", R + "ResidentStatus", R + "Gender", R + "Ownership", R + "AreaSource", R + "CareTag", R + "CareTagKind",
            R + "DutyPost", R + "DutyPostKind", R + "RegistryScope",
            R + "Search.SearchHouseholds", R + "Search.HouseholdHit", R + "Households.HouseholdRow", R + "Households.HouseholdRows", R + "Households.RegistryText",
            // The grid board (public contacts) and the badges other modules may put on it.
            R + "Board.GridBoard", R + "Board.BoardView", R + "Board.BoardPerson", R + "Board.IBoardBadges",
            // Choosing a building (a resident with no household reports at one).
            R + "Browse.PlacePicker", R + "Browse.BuildingChoice", R + "Pages.BuildingSelect",
            // Care tags shown the same way wherever a person is.
            R + "Pages.CareTagBadges",
            // Spreadsheet export, shared until it moves to Platform.
            R + "Transfer.XlsxWriter", R + "Transfer.ExportFile",
            // Reading uploaded sheets safely (size and expansion limits), shared with the place-tree import.
            R + "Transfer.XlsxReader", R + "Transfer.XlsxRow", R + "Transfer.XlsxBomb", R + "Transfer.TransferLayout",
        ],
        ["Requests"] =
        [
            // Cases other modules link to, intake for cases other modules raise (a care visit's need),
            // departments (administration sets them up) and the photo store they share.
            Q + "Case", Q + "CaseCategory", Q + "Channel", Q + "Department",
            Q + "Intake.SubmitCase", Q + "Intake.CaseInput", Q + "Intake.SubmitResult", Q + "Intake.SystemSource",
            Q + "Photos.PhotoStore", Q + "Photos.PhotoUpload", Q + "Photos.StoredPhoto",
            // Cover pictures of events, rewards and topics, checked and stored like case photos.
            Q + "Photos.CoverPictures",
        ],
        ["Volunteering"] =
        [
            // Volunteers and their confirmed service, which organisations and party members count.
            V + "Volunteer", V + "Activities.VolunteerActivity", V + "Activities.ActivityStatus", V + "Activities.Shift",
            V + "Activities.ShiftSignup", V + "Activities.SignupStatus",
            // Service done in another module (a care pair's visit) earning points: the ledger's one door for it.
            V + "Points.ServiceCredit", V + "Points.ServiceCreditResult",
        ],
        ["Activities"] =
        [
            // Events and the centre's services, shown on the public community page and an organisation's record.
            A + "Events.Event", A + "EventStatus", A + "Events.Registration", A + "RegistrationStatus",
            A + "Appointments.CentreService", A + "Venues.Venue", A + "VenueKind",
            // Attendance at an event (a party organisation's 主题党日 counts it per member).
            A + "Events.CheckIn",
        ],
        ["Deliberation"] =
        [
            // Decisions on notice and their progress (public page); meetings the party alliance holds.
            D + "Topic", D + "TopicStatus", D + "Milestone", D + "Meeting", D + "MeetingKind", D + "MeetingAttendee", D + "DelegateCapacity",
        ],
        // What people did for Care in a year (a unit's statement of its in-post party members).
        ["Care"] = ["Gongzhi.Web.Modules.Care.CareService", "Gongzhi.Web.Modules.Care.CareServiceCount"],
        ["Notices"] = [],
        ["Projects"] = [],
        // Who is a party member, as resident ids to join on (a notice to 党员): nothing else of the register.
        ["Party"] = ["Gongzhi.Web.Modules.Party.PartyAudience"],
        ["Administration"] = [],
        ["WeChat"] = [],
        ["Insight"] = [],
    };

    // Which modules each module may use. Insight reads every module and is not listed here.
    public static readonly Dictionary<string, string[]> MayUse = new()
    {
        ["Registry"] = [],
        ["Requests"] = ["Registry"],
        // Rewards' cover pictures go through the shared photo store.
        ["Volunteering"] = ["Registry", "Requests"],
        ["Activities"] = ["Registry", "Requests"],
        ["Deliberation"] = ["Registry", "Requests"],
        ["Care"] = ["Registry", "Requests", "Volunteering"],
        ["Notices"] = ["Registry", "Activities", "Deliberation", "Volunteering", "Party"],
        ["Projects"] = ["Registry", "Requests", "Activities", "Volunteering"],
        // Party activities are Activities' events; a unit's statement counts Care visits and wishes.
        ["Party"] = ["Registry", "Volunteering", "Deliberation", "Activities", "Care"],
        ["Administration"] = ["Registry", "Requests"],
        // Sign-in from the Official Account: accounts and the registry match go through Platform.
        ["WeChat"] = [],
        // Statistics and ledgers (统计与台账) read every module, any of its types; no module uses Insight.
        ["Insight"] = ["Registry", "Requests", "Volunteering", "Activities", "Deliberation", "Care", "Notices", "Projects", "Party", "Administration", "WeChat"],
    };

    public static List<string> Violations(IEnumerable<(string From, string To, string Type)> uses) =>
        uses
            .Select(u => !MayUse.TryGetValue(u.From, out var allowed) ? $"{u.From} is not in the module table (uses {u.Type})"
                : !allowed.Contains(u.To) ? $"{u.From} may not use {u.To} ({u.Type})"
                : u.From != "Insight" && !Surface.GetValueOrDefault(u.To, []).Contains(u.Type) ? $"{u.From} uses {u.Type}, which is not part of {u.To}'s public surface"
                : null)
            .OfType<string>().Distinct().Order().ToList();

    [Fact]
    public void Each_module_uses_only_the_modules_and_types_it_is_allowed()
    {
        var uses = ModuleReferences.Find(typeof(Program).Assembly.Location);
        uses.ShouldNotBeEmpty();
        Violations(uses).ShouldBeEmpty();
    }

    [Fact]
    public void Every_module_folder_is_in_the_table()
    {
        var modules = typeof(Program).Assembly.GetTypes().Select(t => ModuleReferences.ModuleOf(t.Namespace)).OfType<string>().Distinct();
        modules.Where(m => m != "Insight" && !MayUse.ContainsKey(m)).ShouldBeEmpty();
    }

    [Fact]
    public void The_check_catches_an_offender()
    {
        // Offenders.Modules.Volunteering.TopicPeeker below stands in for a Volunteering type that
        // reads Deliberation's topics and a Registry type outside its surface.
        var uses = ModuleReferences.Find(typeof(ModuleBoundaryTests).Assembly.Location, "Gongzhi.Tests.Offenders.Modules.");
        var violations = Violations(uses);
        violations.ShouldContain("Volunteering may not use Deliberation (Gongzhi.Web.Modules.Deliberation.Topic)");
        violations.ShouldContain(v => v.Contains("Gongzhi.Web.Modules.Registry.RegistryAccess") && v.Contains("public surface"));
    }
}

public sealed class PlatformKnowsNoModuleTests
{
    // Platform and the shared UI (layout, home, account pages) are drawn from what modules declare
    // (NavEntry, HomeTile, HomeSection, WorkSection), so none of their code names a module's type.
    [Fact]
    public void Platform_and_shared_components_use_no_module()
    {
        var uses = ModuleReferences.Find(typeof(Program).Assembly.Location, "Gongzhi.Web.");
        uses.Where(u => u.From is "Platform" or "Components").Select(u => $"{u.From} uses {u.Type}").ShouldBeEmpty();
    }

    // GongzhiDb.cs itself declares only Platform's tables; each module adds its own in its folder.
    [Fact]
    public void The_db_context_file_names_no_module()
    {
        var file = Path.Combine(RepoRoot(), "src", "Gongzhi.Web", "Data", "GongzhiDb.cs");
        File.ReadAllText(file).ShouldNotContain("Gongzhi.Web.Modules");
        Directory.GetFiles(Path.Combine(RepoRoot(), "src", "Gongzhi.Web", "Modules"), "GongzhiDb.*.cs", SearchOption.AllDirectories).Length.ShouldBeGreaterThan(4);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Gongzhi.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}

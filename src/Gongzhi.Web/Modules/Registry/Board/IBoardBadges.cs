namespace Gongzhi.Web.Modules.Registry.Board;

// Another module may mark people on the board and households on the door plates (the Party
// module's 亮身份: a party badge the member chose to show). The registry only draws the mark.
public interface IBoardBadges
{
    Task<IReadOnlySet<long>> ResidentsAsync(IReadOnlyCollection<long> residentIds, CancellationToken ct = default);
    Task<IReadOnlySet<string>> UsersAsync(IReadOnlyCollection<string> userIds, CancellationToken ct = default);
    Task<IReadOnlySet<long>> HouseholdsAsync(IReadOnlyCollection<long> householdIds, CancellationToken ct = default);
}

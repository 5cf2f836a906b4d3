namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in AddInsight().
public readonly partial record struct Capability
{
    // Dashboards, the lists behind their figures, the year in figures, within one's places.
    public static readonly Capability ViewInsight = new(nameof(ViewInsight));
    // Ledgers (台账) of one's places: each generation audited.
    public static readonly Capability MakeLedgers = new(nameof(MakeLedgers));
}

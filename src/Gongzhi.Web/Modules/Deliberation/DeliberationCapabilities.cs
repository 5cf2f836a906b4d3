namespace Gongzhi.Web.Platform.Accounts;

// This module's capabilities (see Platform/Accounts/Capability.cs); granted in its Add<Module>().
public readonly partial record struct Capability
{
    // Topics, consultations, meetings, votes, notices and milestones of one's communities.
    public static readonly Capability ManageDeliberation = new(nameof(ManageDeliberation));
    // Enter paper ballots and tick delegates in at a meeting.
    public static readonly Capability RecordBallots = new(nameof(RecordBallots));
}

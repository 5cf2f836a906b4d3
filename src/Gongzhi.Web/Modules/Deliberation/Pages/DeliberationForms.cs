using System.Globalization;
using Gongzhi.Web.Modules.Deliberation;
using Gongzhi.Web.Modules.Deliberation.Tally;

namespace Gongzhi.Web.Modules.Deliberation.Pages;

// The forms of the deliberation pages, bound from plain posted fields.
public sealed class VersionForm { public int Version { get; set; } }
public sealed class TextForm { public string? Text { get; set; } public long? Id { get; set; } public int? Days { get; set; } public int Version { get; set; } }
public sealed class NewTopicForm
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public TopicScope? Scope { get; set; }
    public long? CommunityId { get; set; }
    public long? EstateId { get; set; }
    public TopicSource? Source { get; set; }
    public string? CaseIds { get; set; }
}
public sealed class ConsultationForm
{
    public string? Question { get; set; }
    public ConsultationMode? Mode { get; set; }
    public string? Options { get; set; }
    public int? Days { get; set; }

    // One option a line, "text" or "text | budget".
    public List<OptionInput> ParsedOptions() => (Options ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(line =>
        {
            var parts = line.Split('|', 2, StringSplitOptions.TrimEntries);
            decimal? budget = parts.Length == 2 && decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var b) ? b : null;
            if (parts.Length == 2 && budget is null) throw new ValidationFailure("Options", "Deliberation.Error.Budget");
            return new OptionInput(parts[0], budget);
        }).ToList();
}
public sealed class AnswerForm { public long ConsultationId { get; set; } public List<int>? Picks { get; set; } public string? Comment { get; set; } }
public sealed class VoteForm
{
    public string? Title { get; set; }
    public VoteBasis? Basis { get; set; }
    public Art278Matter? Matter { get; set; }
    public string? Choices { get; set; }
    public int? Days { get; set; }
    public bool AllowChange { get; set; }
    public bool OpenBallot { get; set; }
    // Text, not the enum: a value that names no threshold is said next to its field rather than lost in binding.
    public string? Quorum { get; set; }
    public string? Approval { get; set; }

    // Empty: the default for the vote's basis. Anything else must name a threshold.
    public static Threshold? ParseThreshold(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        return Enum.TryParse<Threshold>(value, out var t) && Enum.IsDefined(t) && !int.TryParse(value, out _)
            ? t : throw new ValidationFailure(field, "Validation.Invalid");
    }

    public List<string> ParsedChoices() => (Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
public sealed class MilestoneForm { public string? Title { get; set; } public string? OwnerName { get; set; } public DateOnly? DueOn { get; set; } }
public sealed class ProgressForm { public long MilestoneId { get; set; } public int Progress { get; set; } public string? Note { get; set; } public string? PhotoUrl { get; set; } public int Version { get; set; } }
public sealed class BallotForm { public int Choice { get; set; } public long? ElectorId { get; set; } }
public sealed class MeetingForm
{
    public long? CommunityId { get; set; }
    public MeetingKind? Kind { get; set; }
    public string? Title { get; set; }
    public string? Place { get; set; }
    public DateTime? StartsAt { get; set; }
    public List<long>? TopicIds { get; set; }
}
public sealed class AttendeeForm { public string? Name { get; set; } public DelegateCapacity? Capacity { get; set; } public string? Organisation { get; set; } public string? UserName { get; set; } }
public sealed class ItemForm { public long ItemId { get; set; } public string? Resolution { get; set; } public int VotesFor { get; set; } public int VotesAgainst { get; set; } public int VotesAbstain { get; set; } public bool Decides { get; set; } }

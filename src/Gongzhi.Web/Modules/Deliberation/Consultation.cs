namespace Gongzhi.Web.Modules.Deliberation;

public enum ConsultationMode { Single = 1, Multiple = 2, Comments = 3 }

// 征求意见 / 群众点单: a menu of options residents pick from, or open comments, for a period.
public sealed class Consultation
{
    private readonly List<ConsultationOption> _options = [];

    public long Id { get; private set; }
    public long TopicId { get; private set; }
    public string Question { get; private set; } = "";
    public ConsultationMode Mode { get; private set; }
    public DateTime OpensAt { get; private set; }
    public DateTime ClosesAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public IReadOnlyList<ConsultationOption> Options => _options;

    private Consultation() { } // for EF

    public Consultation(long topicId, string? question, ConsultationMode mode, IReadOnlyList<(string? Text, decimal? Budget)> options, DateTime now, int days)
    {
        TopicId = topicId;
        Question = Guard.Text(question, 200, "Question");
        if (!Enum.IsDefined(mode)) throw new ValidationFailure("Mode", "Validation.Required");
        Mode = mode;
        Guard.Range(days, 1, 90, "Days");
        if (mode == ConsultationMode.Comments)
        {
            if (options.Count > 0) throw new ValidationFailure("Options", "Deliberation.Error.CommentsHaveNoOptions");
        }
        else
        {
            if (options.Count is < 2 or > 20) throw new ValidationFailure("Options", "Deliberation.Error.OptionCount", 2, 20);
            var number = 0;
            foreach (var (text, budget) in options)
            {
                if (budget is < 0 or > 100_000_000) throw new ValidationFailure("Options", "Deliberation.Error.Budget");
                _options.Add(new ConsultationOption(++number, Guard.Text(text, 100, "Options"), budget is null ? null : decimal.Round(budget.Value, 2)));
            }
            if (_options.Select(o => o.Text).Distinct().Count() != _options.Count) throw new ValidationFailure("Options", "Deliberation.Error.OptionTwice");
        }
        OpensAt = now;
        ClosesAt = now.AddDays(days);
    }

    public bool IsOpen(DateTime now) => ClosedAt is null && now < ClosesAt;

    public void Close(DateTime now)
    {
        if (!IsOpen(now)) throw new DomainException("Deliberation.Error.ConsultationClosed");
        ClosedAt = now;
        ClosesAt = now;
    }

    // Checks a resident's answer against the menu and returns the picks as stored ("1,3").
    public string? CheckAnswer(IReadOnlyList<int>? picks, string? comment, DateTime now)
    {
        if (!IsOpen(now)) throw new DomainException("Deliberation.Error.ConsultationClosed");
        var list = (picks ?? []).ToList();
        if (Mode == ConsultationMode.Comments)
        {
            if (list.Count > 0) throw new ValidationFailure("Options", "Deliberation.Error.CommentsHaveNoOptions");
            Guard.Text(comment, 500, "Comment");
            return null;
        }
        Guard.OptionalText(comment, 500, "Comment");
        if (list.Count == 0) throw new ValidationFailure("Options", "Deliberation.Error.PickOne");
        if (list.Distinct().Count() != list.Count || list.Any(p => p < 1 || p > _options.Count))
            throw new ValidationFailure("Options", "Deliberation.Error.UnknownOption");
        if (Mode == ConsultationMode.Single && list.Count != 1) throw new ValidationFailure("Options", "Deliberation.Error.SingleChoice");
        return string.Join(',', list.Order());
    }
}

public sealed class ConsultationOption
{
    public long Id { get; private set; }
    public long ConsultationId { get; private set; }
    public int Number { get; private set; }
    public string Text { get; private set; } = "";
    public decimal? Budget { get; private set; }

    private ConsultationOption() { } // for EF

    public ConsultationOption(int number, string text, decimal? budget)
    {
        Number = number;
        Text = text;
        Budget = budget;
    }
}

// One resident's answer; one per resident and consultation (a second answer replaces the first).
public sealed class ConsultationResponse
{
    public long Id { get; private set; }
    public long ConsultationId { get; private set; }
    public string UserId { get; private set; } = "";
    public string? Picks { get; private set; }
    public string? Comment { get; private set; }
    public DateTime AnsweredAt { get; private set; }

    private ConsultationResponse() { } // for EF

    public ConsultationResponse(long consultationId, string userId, string? picks, string? comment, DateTime now)
    {
        ConsultationId = consultationId;
        UserId = userId;
        Change(picks, comment, now);
    }

    public void Change(string? picks, string? comment, DateTime now)
    {
        Picks = picks;
        Comment = Guard.OptionalText(comment, 500, "Comment");
        AnsweredAt = now;
    }

    public IEnumerable<int> PickNumbers => string.IsNullOrEmpty(Picks) ? [] : Picks.Split(',').Select(int.Parse);
}

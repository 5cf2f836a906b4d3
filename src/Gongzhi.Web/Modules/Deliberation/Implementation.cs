namespace Gongzhi.Web.Modules.Deliberation;

// 公示 objection: recorded during the notice period and answered by staff.
public sealed class Objection
{
    public long Id { get; private set; }
    public long TopicId { get; private set; }
    public string UserId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string Text { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public string? Answer { get; private set; }
    public string? AnsweredBy { get; private set; }
    public DateTime? AnsweredAt { get; private set; }

    private Objection() { } // for EF

    public Objection(Topic topic, string userId, string name, string? text, DateTime now)
    {
        if (!topic.InObjectionWindow(now)) throw new DomainException("Deliberation.Error.NoObjectionWindow");
        TopicId = topic.Id;
        UserId = userId;
        Name = name.Length > 30 ? name[..30] : name;
        Text = Guard.Text(text, 1000, "Text");
        CreatedAt = now;
    }

    public void Reply(string? answer, string by, DateTime now)
    {
        if (Answer is not null) throw new DomainException("Deliberation.Error.AlreadyAnswered");
        Answer = Guard.Text(answer, 1000, "Answer");
        AnsweredBy = by.Length > 30 ? by[..30] : by;
        AnsweredAt = now;
    }
}

// 落实: one step of carrying out a decision, with who answers for it and by when.
public sealed class Milestone
{
    public long Id { get; private set; }
    public long TopicId { get; private set; }
    public string Title { get; private set; } = "";
    public string OwnerName { get; private set; } = "";
    public DateOnly DueOn { get; private set; }
    public int Progress { get; private set; }
    public string? Note { get; private set; }
    public string? PhotoUrl { get; private set; }
    public DateTime? DoneAt { get; private set; }
    public DateTime UpdatedAt { get; private set; }
    public int Version { get; private set; }

    private Milestone() { } // for EF

    public Milestone(long topicId, string? title, string? ownerName, DateOnly dueOn, DateTime now)
    {
        TopicId = topicId;
        Title = Guard.Text(title, 100, "Title");
        OwnerName = Guard.Text(ownerName, 30, "OwnerName");
        if (dueOn.Year is < 2000 or > 2100) throw new ValidationFailure("DueOn", "Deliberation.Error.DueOn");
        DueOn = dueOn;
        UpdatedAt = now;
    }

    public bool IsDone => DoneAt is not null;

    public bool IsOverdue(DateOnly today) => DoneAt is null && DueOn < today;

    public void Report(int progress, string? note, string? photoUrl, int expectedVersion, DateTime now)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict("Deliberation.Error.Changed");
        if (IsDone) throw new DomainException("Deliberation.Error.MilestoneDone");
        Progress = Guard.Range(progress, 0, 100, "Progress");
        Note = Guard.OptionalText(note, 500, "Note");
        var photo = Guard.OptionalText(photoUrl, 300, "PhotoUrl");
        if (photo is not null)
        {
            // Only a path on this site: "//host/x.jpg" and "https://…" are someone else's image, which
            // every resident opening the topic would fetch from that host (a tracking pixel, or worse).
            if (!PageEndpoints.IsLocalPath(photo)) throw new ValidationFailure("PhotoUrl", "Deliberation.Error.PhotoUrl");
            PhotoUrl = photo;
        }
        if (Progress == 100) DoneAt = now;
        UpdatedAt = now;
        Version++;
    }
}

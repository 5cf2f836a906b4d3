using Gongzhi.Web.Modules.Registry;

namespace Gongzhi.Web.Modules.Notices;

// A notice (公告, 通知, 政策宣讲…) to a place and an audience. Draft → (review by a second staff
// member, for kinds the community says need it) → scheduled or published → withdrawn. A withdrawn
// notice is kept and shown as withdrawn: residents may already have acted on it.
public sealed class Notice
{
    public const int TitleMax = 60;
    public const int BodyMax = 10000;

    public long Id { get; private set; }
    public long SubdistrictId { get; private set; }
    // Null for a notice to a whole subdistrict (it shows on each of its communities' pages).
    public long? CommunityId { get; private set; }
    public PlaceKind ScopeKind { get; private set; }
    public long ScopeId { get; private set; }
    public NoticeKind Kind { get; private set; }
    public NoticeAudience Audience { get; private set; }
    public CareTagKind? CareReason { get; private set; }
    public string Title { get; private set; } = "";
    public string Body { get; private set; } = "";
    public bool Pinned { get; private set; }
    public DateTime? PublishAt { get; private set; }
    public DateTime? ValidUntil { get; private set; }
    public NoticeStatus Status { get; private set; }
    public string AuthorUserId { get; private set; } = "";
    public string AuthorName { get; private set; } = "";
    public string? ReviewerUserId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? PublishedAt { get; private set; }
    public DateTime? WithdrawnAt { get; private set; }
    public string? WithdrawReason { get; private set; }
    public int Recipients { get; private set; }
    public int Version { get; private set; }

    private Notice() { } // for EF

    public Notice(long subdistrictId, long? communityId, PlaceKind scopeKind, long scopeId, NoticeKind kind, NoticeAudience audience, CareTagKind? careReason,
        string title, string body, bool pinned, DateTime? publishAt, DateTime? validUntil, string authorUserId, string authorName, DateTime now)
    {
        Set(subdistrictId, communityId, scopeKind, scopeId, kind, audience, careReason, title, body, pinned, publishAt, validUntil, now);
        AuthorUserId = authorUserId;
        AuthorName = Guard.Text(authorName, 50, "AuthorName");
        CreatedAt = now;
    }

    // A saved draft is edited in full (a draft sent back by the reviewer is a draft again); what was
    // submitted is not: review reads what will go out.
    public void Edit(long subdistrictId, long? communityId, PlaceKind scopeKind, long scopeId, NoticeKind kind, NoticeAudience audience, CareTagKind? careReason,
        string title, string body, bool pinned, DateTime? publishAt, DateTime? validUntil, int expectedVersion, DateTime now)
    {
        CheckVersion(expectedVersion);
        if (Status != NoticeStatus.Draft) throw new DomainException("Notices.Error.EditNotDraft");
        Set(subdistrictId, communityId, scopeKind, scopeId, kind, audience, careReason, title, body, pinned, publishAt, validUntil, now);
        Version++;
    }

    private void Set(long subdistrictId, long? communityId, PlaceKind scopeKind, long scopeId, NoticeKind kind, NoticeAudience audience, CareTagKind? careReason,
        string title, string body, bool pinned, DateTime? publishAt, DateTime? validUntil, DateTime now)
    {
        if (!Enum.IsDefined(kind)) throw new ValidationFailure("Kind", "Validation.Invalid");
        if (!Enum.IsDefined(audience)) throw new ValidationFailure("Audience", "Validation.Invalid");
        if (scopeKind is PlaceKind.Household or < PlaceKind.Subdistrict or > PlaceKind.Household) throw new ValidationFailure("Scope", "Notices.Error.Scope");
        if (audience == NoticeAudience.CareReason && (careReason is null || !Enum.IsDefined(careReason.Value)))
            throw new ValidationFailure("CareReason", "Notices.Error.CareReasonRequired");
        var errors = new List<FieldError>();
        string Text(string? value, int max, string field)
        {
            try { return Guard.Text(value, max, field); }
            catch (ValidationFailure f) { errors.AddRange(f.Errors); return ""; }
        }
        var cleanTitle = Text(title, TitleMax, "Title");
        var cleanBody = Text(body, BodyMax, "Body");
        if (publishAt is { } at && at <= now) publishAt = null; // "at a time" in the past means now
        if (validUntil is { } until && until <= (publishAt ?? now)) errors.Add(new FieldError("ValidUntil", "Notices.Error.ValidUntil"));
        if (errors.Count > 0) throw new ValidationFailure(errors);
        SubdistrictId = subdistrictId;
        CommunityId = communityId;
        ScopeKind = scopeKind;
        ScopeId = scopeId;
        Kind = kind;
        Audience = audience;
        CareReason = audience == NoticeAudience.CareReason ? careReason : null;
        Title = cleanTitle;
        Body = cleanBody;
        Pinned = pinned;
        PublishAt = publishAt;
        ValidUntil = validUntil;
    }

    public static readonly IReadOnlyDictionary<NoticeStatus, NoticeStatus[]> Moves = new Dictionary<NoticeStatus, NoticeStatus[]>
    {
        [NoticeStatus.Draft] = [NoticeStatus.InReview, NoticeStatus.Scheduled, NoticeStatus.Published],
        [NoticeStatus.InReview] = [NoticeStatus.Draft, NoticeStatus.Scheduled, NoticeStatus.Published],
        [NoticeStatus.Scheduled] = [NoticeStatus.Published, NoticeStatus.Withdrawn],
        [NoticeStatus.Published] = [NoticeStatus.Withdrawn],
        [NoticeStatus.Withdrawn] = [],
    };

    public static bool CanMove(NoticeStatus from, NoticeStatus to) => Moves[from].Contains(to);

    public bool IsPublic => Audience == NoticeAudience.Everyone;

    public bool IsCurrent(DateTime now) => Status == NoticeStatus.Published && (ValidUntil is null || ValidUntil > now);

    // Sent for review when the community says this kind needs a second pair of eyes; otherwise
    // released straight away (at its time, or now).
    public void Submit(bool needsReview, int expectedVersion, DateTime now)
    {
        CheckVersion(expectedVersion);
        if (needsReview) Move(NoticeStatus.InReview);
        else Release(now);
        Version++;
    }

    public void Approve(string reviewerUserId, int expectedVersion, DateTime now)
    {
        CheckVersion(expectedVersion);
        if (Status != NoticeStatus.InReview) throw new DomainException("Notices.Error.NotInReview");
        if (reviewerUserId == AuthorUserId) throw new DomainException("Notices.Error.OwnReview");
        ReviewerUserId = reviewerUserId;
        Release(now);
        Version++;
    }

    public void SendBack(string reviewerUserId, int expectedVersion)
    {
        CheckVersion(expectedVersion);
        if (Status != NoticeStatus.InReview) throw new DomainException("Notices.Error.NotInReview");
        if (reviewerUserId == AuthorUserId) throw new DomainException("Notices.Error.OwnReview");
        Move(NoticeStatus.Draft);
        Version++;
    }

    // Called by the publisher (now, or when PublishAt comes), before it writes the inbox rows in the same transaction.
    public void MarkPublished(DateTime now)
    {
        Move(NoticeStatus.Published);
        PublishedAt = now;
        Version++;
    }

    // How many households the publisher wrote as recipients.
    public void Reached(int households) => Recipients = households;

    public bool IsDue(DateTime now) => Status == NoticeStatus.Scheduled && PublishAt <= now;

    public void Withdraw(string? reason, int expectedVersion, DateTime now)
    {
        CheckVersion(expectedVersion);
        Move(NoticeStatus.Withdrawn);
        WithdrawReason = Guard.OptionalText(reason, 200, "Reason");
        WithdrawnAt = now;
        Version++;
    }

    public void CheckVersion(int expectedVersion)
    {
        if (expectedVersion != Version) throw new ConcurrencyConflict();
    }

    private void Release(DateTime now)
    {
        // Published now is done by the publisher (it needs the registry); here the notice waits for it.
        Move(NoticeStatus.Scheduled);
        if (PublishAt is null || PublishAt < now) PublishAt = now;
    }

    private void Move(NoticeStatus to)
    {
        if (!CanMove(Status, to)) throw new DomainException("Notices.Error.Move", Status.ToString(), to.ToString());
        Status = to;
    }
}

// One household the notice was for, written when it is published (the audience as the registry
// stood then). Reach is read against these rows; 已当面告知 is recorded on them.
public sealed class NoticeRecipient
{
    public long NoticeId { get; private set; }
    public long HouseholdId { get; private set; }
    public long BuildingId { get; private set; }
    public long EntranceId { get; private set; }
    public DateTime? ToldAt { get; private set; }
    public string? ToldByUserId { get; private set; }
    public string? ToldByName { get; private set; }

    private NoticeRecipient() { } // for EF

    public NoticeRecipient(long noticeId, long householdId, long buildingId, long entranceId)
    {
        NoticeId = noticeId;
        HouseholdId = householdId;
        BuildingId = buildingId;
        EntranceId = entranceId;
    }

    public void TellInPerson(string userId, string name, DateTime now)
    {
        if (ToldAt is not null) throw new ConcurrencyConflict("Notices.Error.AlreadyTold", ToldByName ?? "");
        ToldAt = now;
        ToldByUserId = userId;
        ToldByName = name;
    }
}

// A resident's account opened the notice: one row per person per notice, written by an upsert.
public sealed class NoticeRead
{
    public long NoticeId { get; private set; }
    public string UserId { get; private set; } = "";
    public long HouseholdId { get; private set; }
    public DateTime ReadAt { get; private set; }

    private NoticeRead() { } // for EF
}

// A picture or a PDF with the notice, stored on disk like case photos.
public sealed class NoticeAttachment
{
    public long Id { get; private set; }
    public long NoticeId { get; private set; }
    public string FileName { get; private set; } = "";
    public string StoredName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Length { get; private set; }

    private NoticeAttachment() { } // for EF

    public NoticeAttachment(long noticeId, string fileName, string storedName, string contentType, long length)
    {
        NoticeId = noticeId;
        FileName = fileName.Length > 100 ? fileName[^100..] : fileName;
        StoredName = storedName;
        ContentType = contentType;
        Length = length;
    }
}

// Which kinds of notice a community has a second staff member review before they go out.
public sealed class NoticeReviewRule
{
    public long CommunityId { get; private set; }
    public NoticeKind Kind { get; private set; }

    private NoticeReviewRule() { } // for EF

    public NoticeReviewRule(long communityId, NoticeKind kind)
    {
        CommunityId = communityId;
        Kind = kind;
    }

    // Until a community sets its own: policy explainers and public notices of decisions are read twice.
    public static readonly NoticeKind[] Defaults = [NoticeKind.PolicyBriefing, NoticeKind.PublicNotice];
}

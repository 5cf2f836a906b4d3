namespace Gongzhi.Web.Modules.Requests;

// 诉求类别; Open311 calls it a service. The deadlines are per category and administrators change them.
public sealed class CaseCategory
{
    public long Id { get; private set; }
    public string Code { get; private set; } = ""; // Open311 service_code: ASCII, stable
    public string Name { get; private set; } = "";
    public string? Description { get; private set; }
    public string Group { get; private set; } = "";
    public string? Keywords { get; private set; }
    public RouteFirst RouteFirst { get; private set; }
    public long? DepartmentId { get; private set; }
    public bool AllowAnonymous { get; private set; }
    public bool IsDispute { get; private set; }
    // Working minutes to first contact with the resident, and working days to resolve.
    public int ContactMinutes { get; private set; }
    public int ResolveDays { get; private set; }
    public bool Active { get; private set; } = true;
    public int SortOrder { get; private set; }
    // Category-specific questions (Open311 attributes), as a JSON array of CategoryQuestion.
    public string? QuestionsJson { get; private set; }

    private CaseCategory() { } // for EF

    public CaseCategory(string code, string name, string group, int contactMinutes, int resolveDays, int sortOrder = 0)
    {
        Code = CheckCode(code);
        Name = Guard.Text(name, 30, "Name");
        Group = Guard.Text(group, 20, "Group");
        SetDeadlines(contactMinutes, resolveDays);
        SortOrder = sortOrder;
    }

    public CaseCategory Describe(string? description, string? keywords)
    {
        Description = Guard.OptionalText(description, 300, "Description");
        Keywords = Guard.OptionalText(keywords, 200, "Keywords");
        return this;
    }

    public CaseCategory Route(RouteFirst route, long? departmentId = null)
    {
        if (route == RouteFirst.Department && departmentId is null) throw new ValidationFailure("DepartmentId", "Validation.Required");
        RouteFirst = route;
        DepartmentId = route == RouteFirst.Department ? departmentId : null;
        return this;
    }

    public CaseCategory Options(bool allowAnonymous, bool isDispute)
    {
        AllowAnonymous = allowAnonymous;
        IsDispute = isDispute;
        return this;
    }

    public CaseCategory WithQuestions(string? questionsJson)
    {
        QuestionsJson = questionsJson;
        return this;
    }

    public void SetDeadlines(int contactMinutes, int resolveDays)
    {
        ContactMinutes = Guard.Range(contactMinutes, 10, 5 * 8 * 60, "ContactMinutes");
        ResolveDays = Guard.Range(resolveDays, 1, 90, "ResolveDays");
    }

    public void SetActive(bool active) => Active = active;

    private static string CheckCode(string code)
    {
        var value = Guard.Text(code, 40, "Code");
        if (!value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) throw new ValidationFailure("Code", "Requests.Error.CategoryCode");
        return value;
    }
}

public sealed record CategoryQuestion(string Code, string Datatype, bool Required, string Description, int Order, IReadOnlyList<CategoryAnswerValue>? Values = null);

public sealed record CategoryAnswerValue(string Key, string Name);

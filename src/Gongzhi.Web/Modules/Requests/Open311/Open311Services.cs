using System.Globalization;
using System.Text.Json;
using Gongzhi.Web.Data;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Requests.Open311;

// Categories are Open311 services; a category's questions are the service definition's attributes.
public sealed class Open311Services(GongzhiDb db, IStringLocalizer text, ILogger<Open311Services> log)
{
    public static readonly string[] Datatypes = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"];

    public async Task<O311Document> ListAsync(CancellationToken ct)
    {
        var categories = await db.CaseCategories.AsNoTracking().Where(c => c.Active).OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        return new O311Document("services", new O311List("service", categories.Select(c => new O311Object(
            ("service_code", c.Code),
            ("service_name", c.Name),
            ("description", c.Description),
            ("metadata", Questions(c).Count > 0),
            ("type", "realtime"),
            ("keywords", c.Keywords),
            ("group", c.Group)))));
    }

    public async Task<O311Document> DefinitionAsync(string code, CancellationToken ct)
    {
        var category = await FindAsync(code, ct) ?? throw Open311Failure.NotFound("Requests.Open311.Error.ServiceUnknown", code);
        var attributes = Questions(category).Select(q => new O311Object(
            ("variable", true),
            ("code", q.Code),
            ("datatype", q.Datatype),
            ("required", q.Required),
            ("datatype_description", DatatypeDescription(q.Datatype)),
            ("order", q.Order),
            ("description", q.Description),
            ("values", new O311List("value", (q.Values ?? []).Select(v => new O311Object(("key", v.Key), ("name", v.Name)))))));
        return new O311Document("service_definition", new O311Object(("service_code", category.Code), ("attributes", new O311List("attribute", attributes))));
    }

    public Task<CaseCategory?> FindAsync(string? code, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(code) ? Task.FromResult<CaseCategory?>(null)
            : db.CaseCategories.AsNoTracking().FirstOrDefaultAsync(c => c.Code == code.Trim() && c.Active, ct);

    // Questions in their order; a malformed list (administrators edit it) is logged and read as none,
    // so one bad category cannot take the service list down.
    public IReadOnlyList<CategoryQuestion> Questions(CaseCategory category)
    {
        if (string.IsNullOrWhiteSpace(category.QuestionsJson)) return [];
        try
        {
            var questions = JsonSerializer.Deserialize<List<CategoryQuestion>>(category.QuestionsJson, JsonSerializerOptions.Web) ?? [];
            return questions.Where(q => !string.IsNullOrWhiteSpace(q.Code) && Datatypes.Contains(q.Datatype)).OrderBy(q => q.Order).ToList();
        }
        catch (JsonException e)
        {
            log.LogWarning(e, "Category {Code} has malformed questions", category.Code);
            return [];
        }
    }

    private string DatatypeDescription(string datatype) => text[$"Requests.Open311.Datatype.{datatype}"].Value;

    // The answers a POST gave (attribute[code]=value, attribute[code][]=value for several), checked
    // against the service definition. Unknown codes are ignored, as other Open311 servers do.
    public Dictionary<string, string> Answers(CaseCategory category, IReadOnlyDictionary<string, List<string>> given)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<FieldError>();
        foreach (var q in Questions(category))
        {
            var field = $"attribute[{q.Code}]";
            var values = given.GetValueOrDefault(q.Code)?.Select(v => v.Trim()).Where(v => v.Length > 0).ToList() ?? [];
            if (values.Count == 0)
            {
                if (q.Required) errors.Add(new FieldError(field, "Validation.Required"));
                continue;
            }
            var keys = (q.Values ?? []).Select(v => v.Key).ToHashSet(StringComparer.Ordinal);
            var error = q.Datatype switch
            {
                "singlevaluelist" when values.Count > 1 => "Requests.Open311.Error.OneValue",
                "singlevaluelist" or "multivaluelist" when values.Any(v => !keys.Contains(v)) => "Requests.Open311.Error.UnknownValue",
                "number" when values.Count > 1 || !decimal.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out _) => "Requests.Open311.Error.Number",
                "datetime" when values.Count > 1 || !O311Dates.TryParse(values[0], out _) => "Requests.Open311.Error.Date",
                "string" when values.Count > 1 || values[0].Length > 200 || values[0].Contains('\n') => "Requests.Open311.Error.String",
                "text" when values.Count > 1 || values[0].Length > 1000 => "Requests.Open311.Error.Text",
                _ => null,
            };
            if (error is not null) errors.Add(new FieldError(field, error));
            else answers[q.Code] = string.Join(",", values);
        }
        if (errors.Count > 0) throw new ValidationFailure(errors);
        return answers;
    }
}

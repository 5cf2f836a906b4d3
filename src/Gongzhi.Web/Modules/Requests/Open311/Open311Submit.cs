using System.Text.Json;
using System.Text.RegularExpressions;
using Gongzhi.Web.Data;
using Gongzhi.Web.Modules.Requests.Intake;

namespace Gongzhi.Web.Modules.Requests.Open311;

public sealed record Open311Submitted(long CaseId, bool Created, string Token, string ServiceNotice, string? AccountId);

// POST requests: application/x-www-form-urlencoded as the spec sends it. Everything is checked here
// or in the shared intake (SubmitCase), before anything is written; the case goes through the same
// routing, deadlines and idempotency as every other channel.
public sealed partial class Open311Submit(GongzhiDb db, SubmitCase submit, Open311Services services, Open311Places places, Open311Requests requests, Open311Throttle throttle, TimeProvider clock)
{
    public async Task<Open311Submitted> RunAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) throw Open311Failure.BadRequest("Content-Type", "Requests.Open311.Error.FormRequired");
        var form = await request.ReadFormAsync(ct);
        string? Field(string name) => form[name] is { Count: > 0 } v ? v.ToString().Trim() is { Length: > 0 } s ? s : null : null;

        var key = await Open311Keys.VerifyAsync(db, Field("api_key") ?? (request.Query["api_key"] is { Count: > 0 } q ? q.ToString() : null), ct);
        throttle.Take(key);
        var code = Field("service_code") ?? throw Open311Failure.BadRequest("service_code", "Validation.Required");
        // The spec's code for "service_code not found" is 404, as on the service definition GET.
        var category = await services.FindAsync(code, ct) ?? throw new Open311Failure(404, "service_code", "Requests.Open311.Error.ServiceUnknown", code);
        var place = await places.ResolveAsync(new Open311Location(Field("address_id"), Field("address_string"), Field("lat"), Field("long")), ct);

        var answers = services.Answers(category, Attributes(form));
        if (Field("media_url") is { } media)
        {
            if (media.Length > 500 || !Uri.TryCreate(media, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                throw Open311Failure.BadRequest("media_url", "Requests.Open311.Error.MediaUrl");
            answers["media_url"] = media;
        }
        var answersJson = JsonSerializer.Serialize(answers);
        if (answersJson.Length > 4000) throw Open311Failure.BadRequest("attribute", "Validation.TooLong", 4000);
        var accountId = Field("account_id");
        if (accountId is { Length: > 100 }) throw Open311Failure.BadRequest("account_id", "Validation.TooLong", 100);

        // email and device_id are accepted and not kept: the phone is how a worker calls back, and what is not kept cannot leak.
        var idempotencyKey = request.Headers["Idempotency-Key"] is { Count: > 0 } h ? h.ToString() : null;
        var input = new CaseInput(category.Id, Field("description"), place.HouseholdId, place.BuildingId, Channel: Channel.Open311, IdempotencyKey: idempotencyKey);
        var source = new SystemSource(key.Name, Name(Field("first_name"), Field("last_name")), Field("phone"), place.Latitude, place.Longitude, answers);
        var result = await submit.RunAsync(input, uploads: null, system: source, ct: ct);
        var token = await TokenForAsync(result.Id, key.Id, ct);
        return new Open311Submitted(result.Id, result.Created, token, requests.Notice(category.ContactMinutes, category.ResolveDays), accountId);
    }

    // Chinese names are family name first with no space (张 + 三 = 张三); others "first last".
    public static string? Name(string? first, string? last)
    {
        if (first is null || last is null) return first ?? last;
        return Cjk().IsMatch(first + last) ? last + first : $"{first} {last}";
    }

    // attribute[code]=value and, for a multivaluelist, attribute[code][]=value repeated.
    public static Dictionary<string, List<string>> Attributes(IFormCollection form)
    {
        var given = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, values) in form)
        {
            var m = AttributeName().Match(name);
            if (!m.Success) continue;
            var code = m.Groups["code"].Value;
            if (!given.TryGetValue(code, out var list)) given[code] = list = [];
            list.AddRange(values.Where(v => v is not null).Select(v => v!));
        }
        return given;
    }

    // One token per case created through Open311: a retried submission gets the first one back.
    private async Task<string> TokenForAsync(long caseId, long keyId, CancellationToken ct)
    {
        var tokens = db.Set<Open311Token>();
        if (await tokens.AsNoTracking().Where(t => t.CaseId == caseId).Select(t => t.Token).FirstOrDefaultAsync(ct) is { } existing) return existing;
        var token = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        tokens.Add(new Open311Token(token, caseId, keyId, clock.GetUtcNow().UtcDateTime));
        try
        {
            await db.SaveChangesAsync(ct);
            return token;
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // The same retry raced itself to here; the other one's token stands.
            db.ChangeTracker.Clear();
            return await tokens.AsNoTracking().Where(t => t.CaseId == caseId).Select(t => t.Token).FirstAsync(ct);
        }
    }

    [GeneratedRegex(@"^attribute\[(?<code>[^\[\]]{1,40})\](\[\])?$")]
    private static partial Regex AttributeName();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Cjk();
}

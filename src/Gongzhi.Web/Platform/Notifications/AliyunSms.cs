using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Platform.Notifications;

// Alibaba Cloud SMS (阿里云短信服务, dysmsapi SendSms, API version 2017-05-25) as an outbound channel
// and as the one-time-code sender. It lives in Platform because every module's messages and the
// sign-in codes go through it; which provider is used is configuration (Sms:Provider=Aliyun).
//
// The request is the provider's RPC style: every parameter in the query string, signed with
// signature version 1.0 (HMAC-SHA1): sort the parameters by name, percent-encode names and values
// (RFC 3986, UTF-8, unreserved characters kept), join as k=v&k=v, string-to-sign =
// "GET&%2F&" + percentEncode(that), key = AccessKeySecret + "&", Signature = Base64(HMAC).
public sealed class AliyunSmsOptions
{
    public string Endpoint { get; set; } = "https://dysmsapi.aliyuncs.com/";
    public string RegionId { get; set; } = "cn-hangzhou";
    public string AccessKeyId { get; set; } = "";
    public string AccessKeySecret { get; set; } = "";
    public string SignName { get; set; } = "";
    // The approved template per message kind (OutboundMessage.Kind, and "code" for one-time codes).
    public Dictionary<string, string> Templates { get; set; } = [];
    // The template variable that carries the message text.
    public string TextParameter { get; set; } = "content";
}

public sealed class AliyunSmsSender(HttpClient http, AliyunSmsOptions options, TimeProvider clock, ILogger<AliyunSmsSender> log)
    : IOutboundSender, IOneTimeCodeSender
{
    public async Task SendAsync(OutboundMessage message, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(message.Phone))
        {
            log.LogInformation("No phone for {UserId}: {Kind} stays in the inbox only", message.UserId, message.Kind);
            return;
        }
        var template = Template(message.Kind);
        if (template is null)
        {
            log.LogInformation("No SMS template for {Kind}: inbox only", message.Kind);
            return;
        }
        var text = message.Text.Length > 300 ? message.Text[..300] : message.Text;
        await SendTemplateAsync(message.Phone, template, new Dictionary<string, string> { [options.TextParameter] = text }, ct);
    }

    public Task SendAsync(string phone, string code, CancellationToken ct = default) =>
        SendTemplateAsync(phone, Template("code") ?? throw new InvalidOperationException("Sms:Aliyun:Templates:code is not configured"),
            new Dictionary<string, string> { ["code"] = code }, ct);

    private string? Template(string kind) =>
        options.Templates.TryGetValue(kind, out var t) || options.Templates.TryGetValue("default", out t) ? t : null;

    public async Task SendTemplateAsync(string phone, string templateCode, IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var parameters = RequestParameters(phone, templateCode, JsonSerializer.Serialize(values), clock.GetUtcNow().UtcDateTime, Guid.NewGuid().ToString());
        var url = options.Endpoint.TrimEnd('/') + "/?" + SignedQuery(parameters, options.AccessKeySecret);
        using var response = await http.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        string? code = null, text = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            code = json.RootElement.TryGetProperty("Code", out var c) ? c.GetString() : null;
            text = json.RootElement.TryGetProperty("Message", out var m) ? m.GetString() : null;
        }
        catch (JsonException) { }
        // Anything but Code "OK" is a failure: the outbox releases the message and a later pass retries.
        if (!response.IsSuccessStatusCode || code != "OK")
            throw new HttpRequestException($"Aliyun SMS refused: HTTP {(int)response.StatusCode} {code} {text}");
    }

    public SortedDictionary<string, string> RequestParameters(string phone, string templateCode, string templateParam, DateTime utcNow, string nonce) =>
        new(StringComparer.Ordinal)
        {
            ["AccessKeyId"] = options.AccessKeyId,
            ["Action"] = "SendSms",
            ["Format"] = "JSON",
            ["RegionId"] = options.RegionId,
            ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = nonce,
            ["SignatureVersion"] = "1.0",
            ["Timestamp"] = utcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["Version"] = "2017-05-25",
            ["PhoneNumbers"] = phone,
            ["SignName"] = options.SignName,
            ["TemplateCode"] = templateCode,
            ["TemplateParam"] = templateParam,
        };

    public static string CanonicalQuery(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join("&", parameters.Where(p => p.Key != "Signature").OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => PercentEncode(p.Key) + "=" + PercentEncode(p.Value)));

    public static string Sign(IEnumerable<KeyValuePair<string, string>> parameters, string accessKeySecret)
    {
        var stringToSign = "GET&" + PercentEncode("/") + "&" + PercentEncode(CanonicalQuery(parameters));
        // HMAC-SHA1 is what the provider's signature version 1.0 prescribes; it is not our choice to make.
#pragma warning disable CA5350
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(accessKeySecret + "&"), Encoding.UTF8.GetBytes(stringToSign));
#pragma warning restore CA5350
        return Convert.ToBase64String(mac);
    }

    public static string SignedQuery(IReadOnlyDictionary<string, string> parameters, string accessKeySecret) =>
        "Signature=" + PercentEncode(Sign(parameters, accessKeySecret)) + "&" + CanonicalQuery(parameters);

    public static string PercentEncode(string value)
    {
        var sb = new StringBuilder(value.Length * 2);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
                or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
                sb.Append((char)b);
            else
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}

public static class AliyunSmsRegistration
{
    public static IServiceCollection AddAliyunSmsIfConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (!string.Equals(configuration["Sms:Provider"], "Aliyun", StringComparison.OrdinalIgnoreCase)) return services;
        var options = configuration.GetSection("Sms:Aliyun").Get<AliyunSmsOptions>() ?? new AliyunSmsOptions();
        if (options.AccessKeyId.Length == 0 || options.AccessKeySecret.Length == 0 || options.SignName.Length == 0)
            throw new InvalidOperationException("Sms:Provider=Aliyun needs Sms:Aliyun:AccessKeyId, AccessKeySecret and SignName");
        services.AddHttpClient("aliyun-sms", c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(sp => new AliyunSmsSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient("aliyun-sms"), options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AliyunSmsSender>>()));
        services.AddSingleton<IOutboundSender>(sp => sp.GetRequiredService<AliyunSmsSender>());
        services.AddSingleton<IOneTimeCodeSender>(sp => sp.GetRequiredService<AliyunSmsSender>());
        return services;
    }
}

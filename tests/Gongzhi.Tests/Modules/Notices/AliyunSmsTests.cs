using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gongzhi.Web.Platform.Notifications;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gongzhi.Tests.Modules.Notices;

// The Alibaba Cloud SMS channel against its published protocol: the documented signing example,
// and real requests to a local HTTP server that checks them the way the provider's docs describe.
public sealed class AliyunSmsTests
{
    // The worked example in the provider's "签名机制" page (SMS API 2017-05-25): these parameters,
    // AccessKeySecret "testSecret", give this signature.
    [Fact]
    public void The_documented_example_signs_to_the_documented_signature()
    {
        var parameters = new Dictionary<string, string>
        {
            ["AccessKeyId"] = "testId", ["Action"] = "SendSms", ["Format"] = "XML", ["OutId"] = "123", ["PhoneNumbers"] = "15300000001",
            ["RegionId"] = "cn-hangzhou", ["SignName"] = "阿里云短信测试专用", ["SignatureMethod"] = "HMAC-SHA1",
            ["SignatureNonce"] = "45e25e9b-0a6f-4070-8c85-2956eda1b466", ["SignatureVersion"] = "1.0", ["TemplateCode"] = "SMS_71390007",
            ["TemplateParam"] = "{\"customer\":\"test\"}", ["Timestamp"] = "2017-07-12T02:42:19Z", ["Version"] = "2017-05-25",
        };
        AliyunSmsSender.Sign(parameters, "testSecret").ShouldBe("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
        AliyunSmsSender.SignedQuery(parameters, "testSecret").ShouldStartWith("Signature=zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D&AccessKeyId=testId&Action=SendSms");
        // The special encoding: space as %20, * as %2A, ~ kept.
        AliyunSmsSender.PercentEncode("a b*c~d").ShouldBe("a%20b%2Ac~d");
    }

    private static AliyunSmsSender Sender(LocalListener provider, DateTimeOffset now) => new(new HttpClient(),
        new AliyunSmsOptions
        {
            Endpoint = provider.Url, AccessKeyId = "LTAI-test-key", AccessKeySecret = "s3cr3t", SignName = "团结巷社区",
            Templates = new() { ["notice.urgent"] = "SMS_465000001", ["code"] = "SMS_465000002" },
        }, new FixedClock(now), NullLogger<AliyunSmsSender>.Instance);

    // How the provider checks a request, written from its documentation (not with the app's encoder).
    private static (Dictionary<string, string> Parameters, bool SignatureOk) Check(string pathAndQuery, string secret)
    {
        var query = pathAndQuery[(pathAndQuery.IndexOf('?') + 1)..];
        var pairs = query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
        static string Enc(string s) => Uri.EscapeDataString(s); // RFC 3986: unreserved kept, the rest %XY upper-case
        var canonical = string.Join("&", pairs.Where(p => p.Key != "Signature").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Enc(p.Key) + "=" + Enc(p.Value)));
        var toSign = "GET&%2F&" + Enc(canonical);
#pragma warning disable CA5350 // the provider's algorithm
        var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret + "&"), Encoding.UTF8.GetBytes(toSign)));
#pragma warning restore CA5350
        return (pairs, pairs.TryGetValue("Signature", out var sig) && sig == expected);
    }

    [Fact]
    public async Task An_urgent_notice_is_sent_as_a_signed_SendSms_request_with_the_template_for_its_kind()
    {
        using var provider = new LocalListener { Answer = _ => (200, "{\"Message\":\"OK\",\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\",\"Code\":\"OK\",\"BizId\":\"900619746936498440^0\"}") };
        var now = new DateTimeOffset(2026, 12, 5, 6, 30, 15, TimeSpan.Zero);
        await Sender(provider, now).SendAsync(new OutboundMessage("u1", "13812345678", "notice.urgent", "新公告：紧急停水通知", "/notices/7"));

        var r = provider.Requests.Single();
        r.Method.ShouldBe("GET");
        var (p, ok) = Check(r.PathAndQuery, "s3cr3t");
        ok.ShouldBeTrue();
        Check(r.PathAndQuery, "wrong").SignatureOk.ShouldBeFalse();
        p["Action"].ShouldBe("SendSms");
        p["Version"].ShouldBe("2017-05-25");
        p["RegionId"].ShouldBe("cn-hangzhou");
        p["Format"].ShouldBe("JSON");
        p["SignatureMethod"].ShouldBe("HMAC-SHA1");
        p["SignatureVersion"].ShouldBe("1.0");
        p["AccessKeyId"].ShouldBe("LTAI-test-key");
        p["Timestamp"].ShouldBe("2026-12-05T06:30:15Z");
        Guid.TryParse(p["SignatureNonce"], out _).ShouldBeTrue();
        p["PhoneNumbers"].ShouldBe("13812345678");
        p["SignName"].ShouldBe("团结巷社区");
        p["TemplateCode"].ShouldBe("SMS_465000001");
        JsonNode.Parse(p["TemplateParam"])!["content"]!.GetValue<string>().ShouldBe("新公告：紧急停水通知");
    }

    [Fact]
    public async Task A_one_time_code_uses_the_code_template_and_two_sends_have_different_nonces()
    {
        using var provider = new LocalListener { Answer = _ => (200, "{\"Code\":\"OK\"}") };
        var sender = Sender(provider, DateTimeOffset.UtcNow);
        await sender.SendAsync("13900001111", "482913");
        await sender.SendAsync("13900001111", "482914");
        var sent = provider.Requests.Select(r => Check(r.PathAndQuery, "s3cr3t")).ToList();
        sent.All(s => s.SignatureOk).ShouldBeTrue();
        sent[0].Parameters["TemplateCode"].ShouldBe("SMS_465000002");
        JsonNode.Parse(sent[0].Parameters["TemplateParam"])!["code"]!.GetValue<string>().ShouldBe("482913");
        sent[0].Parameters["SignatureNonce"].ShouldNotBe(sent[1].Parameters["SignatureNonce"]);
    }

    [Fact]
    public async Task A_refusal_from_the_provider_is_a_failure_so_the_outbox_tries_again()
    {
        using var provider = new LocalListener { Answer = _ => (200, "{\"Message\":\"触发小时级流控Permits:5\",\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\"}") };
        var error = await Should.ThrowAsync<HttpRequestException>(() =>
            Sender(provider, DateTimeOffset.UtcNow).SendAsync(new OutboundMessage("u1", "13812345678", "notice.urgent", "x", null)));
        error.Message.ShouldContain("isv.BUSINESS_LIMIT_CONTROL");
        using var down = new LocalListener { Answer = _ => (500, "oops") };
        await Should.ThrowAsync<HttpRequestException>(() => Sender(down, DateTimeOffset.UtcNow).SendAsync(new OutboundMessage("u1", "13812345678", "notice.urgent", "x", null)));
    }

    [Fact]
    public async Task A_kind_without_a_template_or_a_person_without_a_phone_sends_nothing()
    {
        using var provider = new LocalListener();
        var sender = Sender(provider, DateTimeOffset.UtcNow);
        await sender.SendAsync(new OutboundMessage("u1", "13812345678", "topic", "议题进展", null));
        await sender.SendAsync(new OutboundMessage("u1", null, "notice.urgent", "紧急", null));
        provider.Requests.ShouldBeEmpty();
    }
}

internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

using System.Net;
using System.Text.RegularExpressions;

namespace Gongzhi.Tests.Infrastructure;

// What a person sees after a refused form: the reason right under the field it concerns (no other field
// to fill in between), and the field marked invalid and pointing at the reason for screen readers.
public static class FieldErrors
{
    public static void ShouldShowErrorBeside(this string html, string inputId, string errorId, string message)
    {
        var input = Regex.Match(html, $"<(input|select|textarea)\\b[^>]*\\bid=\"{Regex.Escape(inputId)}\"[^>]*>");
        input.Success.ShouldBeTrue($"no field with id {inputId}");
        input.Value.ShouldContain("aria-invalid=\"true\"", customMessage: input.Value);
        Regex.Match(input.Value, "aria-describedby=\"([^\"]*)\"").Groups[1].Value.Split(' ').ShouldContain($"{errorId}-error", customMessage: input.Value);

        var error = Regex.Match(html, $"<div class=\"invalid-feedback d-block\" id=\"{Regex.Escape(errorId)}-error\"[^>]*>(.*?)</div>\\s*</div>", RegexOptions.Singleline);
        error.Success.ShouldBeTrue($"no reason under {inputId}");
        error.Index.ShouldBeGreaterThan(input.Index, $"the reason for {inputId} sits above it");
        var between = html[(input.Index + input.Length)..error.Index];
        Regex.IsMatch(between, "<(input|select|textarea)\\b(?![^>]*type=\"hidden\")").ShouldBeFalse($"another field sits between {inputId} and its reason");
        WebUtility.HtmlDecode(Regex.Replace(error.Groups[1].Value, "<[^>]+>", "")).Trim().ShouldBe(message);
    }

    // Fields the refusal did not name stay as they were.
    public static void ShouldNotMarkInvalid(this string html, string inputId)
    {
        var input = Regex.Match(html, $"<(input|select|textarea)\\b[^>]*\\bid=\"{Regex.Escape(inputId)}\"[^>]*>");
        input.Success.ShouldBeTrue($"no field with id {inputId}");
        input.Value.ShouldNotContain("aria-invalid");
    }
}

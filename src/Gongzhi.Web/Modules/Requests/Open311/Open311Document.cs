using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Xml;

namespace Gongzhi.Web.Modules.Requests.Open311;

// What an Open311 answer holds, independent of the format: objects with ordered fields, lists whose
// items have an element name in XML, and plain values. The JSON form follows the spec's "Spark
// convention": a list is an array (the item element name disappears), an object is an object.
public sealed class O311Object(params (string Name, object? Value)[] fields)
{
    public IReadOnlyList<(string Name, object? Value)> Fields { get; } = fields;
}

public sealed class O311List(string itemName, IEnumerable<object?> items)
{
    public string ItemName { get; } = itemName;
    public IReadOnlyList<object?> Items { get; } = items.ToList();
}

public enum O311Format { Xml, Json }

public sealed record O311Document(string RootName, object Root, int Status = 200);

public static class O311Writer
{
    public const string XmlType = "text/xml; charset=utf-8";
    public const string JsonType = "application/json; charset=utf-8";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static byte[] Write(O311Document document, O311Format format) => format == O311Format.Xml ? Xml(document) : Json(document);

    private static byte[] Xml(O311Document document)
    {
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = Utf8, Indent = true, Async = false }))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement(document.RootName);
            WriteXmlContent(xml, document.Root);
            xml.WriteEndElement();
            xml.WriteEndDocument();
        }
        return stream.ToArray();
    }

    private static void WriteXmlContent(XmlWriter xml, object? value)
    {
        switch (value)
        {
            case O311Object o:
                foreach (var (name, v) in o.Fields)
                {
                    xml.WriteStartElement(name);
                    WriteXmlContent(xml, v);
                    xml.WriteEndElement();
                }
                break;
            case O311List list:
                foreach (var item in list.Items)
                {
                    xml.WriteStartElement(list.ItemName);
                    WriteXmlContent(xml, item);
                    xml.WriteEndElement();
                }
                break;
            case null:
                break;
            default:
                xml.WriteString(XmlSafe(Scalar(value)));
                break;
        }
    }

    // Chinese stays readable; what could matter in HTML (<, >, &, quotes) is still escaped.
    private static readonly JavaScriptEncoder Readable = JavaScriptEncoder.Create(UnicodeRanges.All);

    private static byte[] Json(O311Document document)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = Readable }))
            WriteJson(json, document.Root);
        return PlainPlus(stream.ToArray());
    }

    // The encoder writes "+" as \u002B, so every "+08:00" came out as "\u002B08:00": valid JSON, but
    // not what the spec's examples show nor what naive clients match. Every backslash in the output
    // starts an escape, so walking escape by escape finds exactly the \u002B ones.
    private static byte[] PlainPlus(byte[] json)
    {
        var escape = "\\u002B"u8;
        if (json.AsSpan().IndexOf(escape) < 0) return json;
        var output = new List<byte>(json.Length);
        for (var i = 0; i < json.Length; i++)
        {
            if (json[i] != (byte)'\\') { output.Add(json[i]); continue; }
            if (json.AsSpan(i).StartsWith(escape)) { output.Add((byte)'+'); i += escape.Length - 1; continue; }
            output.Add(json[i]);
            output.Add(json[++i]);
        }
        return [.. output];
    }

    private static void WriteJson(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case O311Object o:
                json.WriteStartObject();
                foreach (var (name, v) in o.Fields)
                {
                    json.WritePropertyName(name);
                    WriteJson(json, v);
                }
                json.WriteEndObject();
                break;
            case O311List list:
                json.WriteStartArray();
                foreach (var item in list.Items) WriteJson(json, item);
                json.WriteEndArray();
                break;
            case null:
                json.WriteNullValue();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            default:
                json.WriteStringValue(Scalar(value));
                break;
        }
    }

    private static string Scalar(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTime t => O311Dates.Format(t),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    // XML 1.0 cannot carry some control characters at all; a description typed with one still has to
    // come out as a well-formed document, so they are dropped rather than failing the whole answer.
    private static string XmlSafe(string text)
    {
        var firstBad = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) continue;
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) { i++; continue; }
            firstBad = i;
            break;
        }
        if (firstBad < 0) return text;
        var sb = new StringBuilder(text.Length);
        sb.Append(text, 0, firstBad);
        for (var i = firstBad; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i])) sb.Append(text[i]);
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i])) { sb.Append(text, i, 2); i++; }
        }
        return sb.ToString();
    }
}

// GeoReport v2 dates: the W3C profile of ISO 8601 with a time zone. We answer in Beijing time (+08:00).
public static class O311Dates
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
    ];

    public static string Format(DateTime utc) =>
        new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(China).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    // A date and time must carry its zone (Z or ±hh:mm); a bare date (YYYY-MM-DD) means midnight in Beijing.
    public static bool TryParse(string? text, out DateTime utc)
    {
        utc = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        // An unencoded "+08:00" in a query string arrives as " 08:00"; the intent is plain.
        if (s.Length > 6 && s[^6] == ' ' && s[^3] == ':') s = s[..^6] + "+" + s[^5..];
        if (s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && Dates.InRange(day))
        {
            utc = DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - China, DateTimeKind.Utc);
            return true;
        }
        var zoned = s.EndsWith('Z') || s.EndsWith('z') || (s.Length > 6 && s[^6] is '+' or '-' && s[^3] == ':');
        if (!zoned) return false;
        if (!DateTimeOffset.TryParseExact(s.ToUpperInvariant(), Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var value)) return false;
        if (!Dates.InRange(value.UtcDateTime)) return false;
        utc = value.UtcDateTime;
        return true;
    }
}

// How ids and coordinates are written: service_request_id is a string in the Open311 JSON schema
// (XML text is the same either way), and a position to 6 decimals (about 0.1 m) is all there is.
public static class O311Id
{
    public static string Of(long id) => id.ToString(CultureInfo.InvariantCulture);

    public static double? Coordinate(double? value) => value is { } v ? Math.Round(v, 6, MidpointRounding.AwayFromZero) : null;
}

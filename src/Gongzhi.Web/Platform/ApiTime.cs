using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gongzhi.Web.Platform;

// One rule for every time an API caller sends: ISO 8601 with an offset (or Z) is that instant; without
// one it is the community's local time, Asia/Shanghai (UTC+8 all year since 1991). Handlers receive
// UTC. Before this, System.Text.Json turned "…T20:30:00+08:00" into server-local time of kind Local,
// which one module took for Beijing time (eight hours early) and another stored as UTC.
public sealed class ApiTimeConverter : JsonConverter<DateTime>
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTime(out var value)) throw new JsonException("Not an ISO 8601 time.");
        if (value.Kind != DateTimeKind.Unspecified)
            return reader.TryGetDateTimeOffset(out var instant) ? instant.UtcDateTime : throw new JsonException("Not an ISO 8601 time.");
        if (value < DateTime.MinValue + Beijing) throw new JsonException("Out of range.");
        return DateTime.SpecifyKind(value - Beijing, DateTimeKind.Utc);
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    // What a person reads: local time, to the minute.
    public static string LocalText(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).Add(Beijing).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

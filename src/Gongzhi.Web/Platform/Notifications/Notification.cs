using System.Text.Json;

namespace Gongzhi.Web.Platform.Notifications;

// One message in a user's in-app inbox. The text is a message key with arguments, localized when
// read, so each reader sees it in their own language. SentAt marks the hand-over to the outbound
// channel (SMS, WeChat): rows are written in the same transaction as the change they announce and
// sent afterwards by OutboxWorker, so a message is neither lost nor sent for a change that rolled back.
public sealed class Notification
{
    public long Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string MessageKey { get; private set; } = "";
    public string? ArgsJson { get; private set; }
    public string? Link { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime? ReadAt { get; private set; }
    public DateTime? SentAt { get; private set; }

    private Notification() { } // for EF

    public Notification(string userId, string kind, string messageKey, IReadOnlyList<string> args, string? link, DateTime now)
    {
        UserId = userId;
        Kind = kind;
        MessageKey = messageKey;
        ArgsJson = args.Count == 0 ? null : JsonSerializer.Serialize(args);
        Link = link;
        CreatedAt = now;
    }

    public string[] Args => ArgsJson is null ? [] : JsonSerializer.Deserialize<string[]>(ArgsJson) ?? [];

    // The message in the localizer's current culture (the inbox: the reader's; the outbox: Chinese).
    public string Text(Microsoft.Extensions.Localization.IStringLocalizer text) => text[MessageKey, Args.Cast<object>().ToArray()];

    public void MarkRead(DateTime now) => ReadAt ??= now;

    // For the inbox only (an ordinary notice to thousands): nothing is handed to the outbound channel.
    public void KeepInInbox() => SentAt ??= CreatedAt;
}

// An outbound channel (SMS, WeChat template message). Production plugs in a provider; development
// and tests write to a file.
public interface IOutboundSender
{
    Task SendAsync(OutboundMessage message, CancellationToken ct = default);
}

// An inbox message kind that is also sent through the outbound channel (declared by its module).
public sealed record OutboundKind(string Kind);

public sealed record OutboundMessage(string UserId, string? Phone, string Kind, string Text, string? Link);

public sealed class FileOutboundSender(string directory, ILogger<FileOutboundSender> log) : IOutboundSender
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string FilePath => Path.Combine(directory, "messages.log");

    public async Task SendAsync(OutboundMessage message, CancellationToken ct = default)
    {
        Directory.CreateDirectory(directory);
        var line = JsonSerializer.Serialize(new { at = DateTime.UtcNow, message.UserId, message.Phone, message.Kind, message.Text, message.Link });
        await Gate.WaitAsync(ct);
        try
        {
            await File.AppendAllTextAsync(FilePath, line + "\n", ct);
        }
        finally
        {
            Gate.Release();
        }
        log.LogInformation("Outbound {Kind} to {UserId}: {Text}", message.Kind, message.UserId, message.Text);
    }
}

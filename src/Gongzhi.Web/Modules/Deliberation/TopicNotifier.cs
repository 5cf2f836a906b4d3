using System.Globalization;
using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Notifications;

namespace Gongzhi.Web.Modules.Deliberation;

// Tells a topic's followers (and its proposer) about its progress, in the same transaction as
// the change: the inbox rows are added to the context and saved with it.
public sealed class TopicNotifier(GongzhiDb db)
{
    public async Task TellAsync(Topic topic, string kind, string key, DateTime now, string? extra = null, CancellationToken ct = default)
    {
        var topicId = topic.Id;
        var users = await db.TopicFollowers.AsNoTracking().Where(f => f.TopicId == topicId).Select(f => f.UserId).ToListAsync(ct);
        if (topic.ProposerUserId is not null) users.Add(topic.ProposerUserId);
        string[] args = extra is null ? [topic.Title] : [topic.Title, extra];
        foreach (var userId in users.Distinct())
            db.Notifications.Add(new Notification(userId, kind, key, args, "/topics/" + topicId.ToString(CultureInfo.InvariantCulture), now));
    }
}

using Gongzhi.Web.Data;
using Gongzhi.Web.Platform.Accounts;

namespace Gongzhi.Web.Modules.Deliberation;

public sealed record OptionInput(string? Text, decimal? Budget);
public sealed record ConsultationInput(string? Question, ConsultationMode? Mode, IReadOnlyList<OptionInput>? Options, int? Days);
public sealed record AnswerInput(IReadOnlyList<int>? Picks, string? Comment);

public sealed class ConsultationCommands(GongzhiDb db, DeliberationAccess access, CurrentUser user, TopicNotifier notifier, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<long> OpenAsync(long topicId, ConsultationInput input, CancellationToken ct = default)
    {
        var topic = await access.TopicToManageAsync(topicId, ct);
        var now = Now;
        var consultation = new Consultation(topic.Id, input.Question, input.Mode ?? 0, (input.Options ?? []).Select(o => (o.Text, o.Budget)).ToList(), now, input.Days ?? 14);
        if (topic.Status != TopicStatus.Consultation) topic.StartConsultation(now);
        db.Consultations.Add(consultation);
        await notifier.TellAsync(topic, "topic.consultation", "Deliberation.Notice.Consultation", now, ct: ct);
        await db.SaveOrConflictAsync("Deliberation.Error.Changed", ct);
        return consultation.Id;
    }

    // 点单: a resident of the topic's scope answers; answering again replaces the earlier answer.
    public async Task AnswerAsync(long consultationId, AnswerInput input, CancellationToken ct = default)
    {
        var consultation = await db.Consultations.Include(c => c.Options).AsNoTracking().FirstOrDefaultAsync(c => c.Id == consultationId, ct) ?? throw new NotFound();
        var topic = await access.TopicAsync(consultation.TopicId, ct);
        if (topic.Status is TopicStatus.Withdrawn or TopicStatus.Merged) throw new DomainException("Deliberation.Error.TopicClosed");
        if (await access.HomeAsync(ct) is null) throw new Forbidden("Deliberation.Error.NoHome");
        var now = Now;
        var picks = consultation.CheckAnswer(input.Picks, input.Comment, now);
        var me = user.RequiredId;
        var existing = await db.ConsultationResponses.FirstOrDefaultAsync(r => r.ConsultationId == consultationId && r.UserId == me, ct);
        if (existing is null) db.ConsultationResponses.Add(new ConsultationResponse(consultationId, me, picks, input.Comment, now));
        else existing.Change(picks, input.Comment, now);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            throw new ConcurrencyConflict("Deliberation.Error.Changed");
        }
    }

    public async Task CloseAsync(long consultationId, CancellationToken ct = default)
    {
        var consultation = await db.Consultations.FirstOrDefaultAsync(c => c.Id == consultationId, ct) ?? throw new NotFound();
        await access.TopicToManageAsync(consultation.TopicId, ct);
        consultation.Close(Now);
        await db.SaveChangesAsync(ct);
    }
}

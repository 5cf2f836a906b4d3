namespace Gongzhi.Web.Modules.Requests;

// The case events other systems can subscribe to, and what they carry: the case's number, place
// and state, never the reporter (an anonymous reporter stays anonymous, and a name is not needed
// to act on a case number).
public static class RequestsWebhooks
{
    public const string Created = "case.created";
    public const string StatusChanged = "case.status_changed";
    public const string Overdue = "case.overdue";

    public static object Data(Case c, string category) => new
    {
        id = c.Id, category, channel = c.Channel.ToString(), status = c.Status.ToString(), c.GridId, c.SubmittedAt, c.RespondBy, c.ResolveBy,
        url = $"/cases/{c.Id}",
    };

    public static object Moved(Case c, CaseStatus from) => new
    {
        id = c.Id, from = from.ToString(), to = c.Status.ToString(), url = $"/cases/{c.Id}",
    };
}

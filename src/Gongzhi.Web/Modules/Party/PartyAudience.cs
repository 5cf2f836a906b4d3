using Gongzhi.Web.Data;

namespace Gongzhi.Web.Modules.Party;

// What other modules may read of the party register: which residents are members, as a query to
// join on (a notice to 党员 is resolved in the database), never names, kinds or organisations.
public static class PartyAudience
{
    public static IQueryable<long> ResidentIds(GongzhiDb db) =>
        db.Set<PartyMember>().Where(m => m.ResidentId != null).Select(m => m.ResidentId!.Value);
}

namespace Gongzhi.Web.Modules.Requests;

public enum CaseStatus
{
    Submitted = 1, // 待受理
    Accepted = 2,  // 办理中
    Referred = 3,  // 联办中: with the property company or a department, the owner still accountable
    Resolved = 4,  // 已办结, waiting for the resident's rating
    Closed = 5,    // 已关闭
    Reopened = 6,  // 重新打开 after a 不满意 rating
    Cancelled = 7, // 已撤回 by the resident before acceptance
    Merged = 8,    // 已合并 into another case as a duplicate
}

public enum Channel
{
    Web = 1,         // 居民自助
    Hotline = 2,     // 民情服务热线
    Visit = 3,       // 上门走访
    Relay = 4,       // 楼栋长转报
    Open311 = 5,
    WeChatGroup = 6, // 微信群
}

public enum Rating
{
    Satisfied = 1,          // 满意
    BasicallySatisfied = 2, // 基本满意
    Unsatisfied = 3,        // 不满意
}

// Who a category goes to first. The grid's owner is accountable either way.
public enum RouteFirst
{
    Grid = 0,
    PropertyCompany = 1, // 物业管家 of the estate
    Department = 2,      // 职能部门
}

public enum EscalationLevel
{
    None = 0,
    Community = 1,   // 社区督办
    Subdistrict = 2, // 街道督办
}

public enum ReferralKind
{
    PropertyCompany = 1,
    Department = 2,
}

public enum CaseEventKind
{
    Submitted = 1,
    Accepted = 2,
    Reassigned = 3,
    Referred = 4,
    ReferralReply = 5,
    Comment = 6,      // seen by the resident
    InternalNote = 7, // staff and partners only
    Resolved = 8,
    Rated = 9,
    Reopened = 10,
    Cancelled = 11,
    Merged = 12,
    Escalated = 13,
    Mediation = 14,
    Agreement = 15,
    Closed = 16,
}

public enum PhotoStage
{
    Submission = 1,
    Resolution = 2,
    Reply = 3,
}

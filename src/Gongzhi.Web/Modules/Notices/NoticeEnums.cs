namespace Gongzhi.Web.Modules.Notices;

public enum NoticeKind
{
    Notice = 1,          // 通知
    Announcement = 2,    // 公告
    PolicyBriefing = 3,  // 政策宣讲
    PublicNotice = 4,    // 公示
    Reminder = 5,        // 温馨提示
    Urgent = 6,          // 紧急通知
}

public enum NoticeStatus
{
    Draft = 0,      // 草稿
    InReview = 1,   // 待审核
    Scheduled = 2,  // 定时发布
    Published = 3,  // 已发布
    Withdrawn = 4,  // 已撤回 (kept, marked)
}

// Who in the scope it is for, read from the registry when it is published.
public enum NoticeAudience
{
    Everyone = 1,    // 全体居民
    Owners = 2,      // 业主
    Volunteers = 3,  // 志愿者
    Elderly60 = 4,   // 60岁以上老人
    CareReason = 5,  // 关爱对象 (one care tag)
    PartyMembers = 6, // 党员 (read from Party's register)
}

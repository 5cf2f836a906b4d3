namespace Gongzhi.Web.Modules.Care;

public enum CareRisk { Low = 1, Medium = 2, High = 3 } // 低 / 中 / 高风险

public enum CareStatus
{
    Active = 0, // 关爱中
    Paused = 1, // 暂停（住院等）
    Ended = 2,  // 已结束（迁出、去世…）: the history is kept
}

public enum CareEndReason { MovedAway = 1, Deceased = 2, NoLongerNeeded = 3 }

// How a plan counts: "every 7 days" or "every month" (a month is a calendar month, not 30 days).
public enum PlanUnit { Days = 1, Months = 2 }

// Who is meant to visit.
public enum VisitorKind
{
    GridWorker = 1,     // 网格员
    BuildingLeader = 2, // 楼栋长/单元长
    VolunteerTeam = 3,  // 志愿服务队
    PartyMember = 4,    // 党员
    FamilyDoctor = 5,   // 家庭医生
}

public enum VisitKind
{
    Home = 1,    // 上门
    Phone = 2,   // 电话
    Video = 3,   // 视频
    NotSeen = 4, // 门口未见: nobody answered; the person has not been seen
}

public enum VisitCondition
{
    Good = 1,    // 良好
    Fair = 2,    // 一般
    Concern = 3, // 需关注
    Urgent = 4,  // 紧急: a case is opened at once and the grid leader told
}

// What was done, as chips on the phone form; stored as bits so a visit is one row.
[Flags]
public enum VisitActions
{
    None = 0,
    Chat = 1,          // 聊天
    BloodPressure = 2, // 测血压
    Meals = 4,         // 送餐
    Shopping = 8,      // 代购
    SafetyCheck = 16,  // 安全检查
    PolicyInfo = 32,   // 政策告知
    Cleaning = 64,     // 打扫卫生
    Medicine = 128,    // 代取药
}

public enum WishStatus
{
    Open = 1,      // 待认领
    Claimed = 2,   // 已认领
    Fulfilled = 3, // 已完成, waiting for staff to confirm
    Confirmed = 4, // 已确认
    Withdrawn = 5, // 已撤回
}

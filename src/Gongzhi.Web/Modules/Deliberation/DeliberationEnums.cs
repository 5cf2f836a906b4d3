namespace Gongzhi.Web.Modules.Deliberation;

public enum TopicStatus
{
    Proposed = 1,       // 已提议: a resident's proposal gathers supporters here
    Consultation = 2,   // 征求意见中
    Meeting = 3,        // 议事中
    Voting = 4,         // 表决中
    Adopted = 5,        // 已通过
    Rejected = 6,       // 未通过
    Notice = 7,         // 公示中
    Implementation = 8, // 落实中
    Done = 9,           // 已办结
    Withdrawn = 10,     // 已撤回
    Merged = 11,        // 已合并
}

public enum TopicSource
{
    Resident = 1,     // 居民提议, needs supporters
    Staff = 2,        // 社区提出
    CaseCluster = 3,  // 高频诉求: linked to the cases it came from
}

public enum TopicScope { Community = 1, Estate = 2, Building = 3 }

public enum VoteBasis
{
    PerPerson = 1,    // 一人一票: adult registered residents of the scope
    PerHousehold = 2, // 一户一票
    Owners278 = 3,    // 业主表决, 民法典第二百七十八条
}

// The nine matters of Civil Code Art. 278. Matters 6–8 need three quarters; the rest more than half.
public enum Art278Matter
{
    Rules = 1,            // 制定和修改业主大会议事规则
    Covenant = 2,         // 制定和修改管理规约
    Committee = 3,        // 选举业主委员会或者更换业主委员会成员
    PropertyService = 4,  // 选聘和解聘物业服务企业或者其他管理人
    UseFund = 5,          // 使用建筑物及其附属设施的维修资金
    RaiseFund = 6,        // 筹集建筑物及其附属设施的维修资金
    Rebuild = 7,          // 改建、重建建筑物及其附属设施
    CommonPartsUse = 8,   // 改变共有部分的用途或者利用共有部分从事经营活动
    Other = 9,            // 有关共有和共同管理权利的其他重大事项
}

public enum VoteStatus { Open = 1, Closed = 2 }

public enum BallotChannel { Online = 1, Paper = 2 }

public enum MeetingKind
{
    PartyMassCouncil = 1,   // 党群议事会
    ResidentCouncil = 2,    // 居民议事会
    DemocraticConsultation = 3, // 民主协商会
    PropertyJoint = 4,      // 物业联席会
    OwnersForum = 5,        // 业主恳谈会
    AllianceJoint = 6,      // 党建联席会议 (Party module's 1+N alliance)
}

// 三位一体 and the other parties a meeting invites.
public enum DelegateCapacity
{
    PartyOrganisation = 1, // 党组织
    ResidentDelegate = 2,  // 居民代表
    Department = 3,        // 职能部门
    PropertyCompany = 4,   // 物业服务企业
    OwnersCommittee = 5,   // 业主委员会
    PartnerUnit = 6,       // 共建单位
}

public enum SignInMethod { QrCode = 1, StaffTick = 2 }

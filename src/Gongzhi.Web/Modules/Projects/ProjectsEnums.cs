namespace Gongzhi.Web.Modules.Projects;

// 服务领域 of a social organisation and of a call.
public enum OrgField { Elderly = 1, Youth = 2, Culture = 3, Mediation = 4, Environment = 5, Disability = 6, Other = 9 }

// 培育 → 孵化 → 备案/登记.
public enum OrgStage { Seedling = 0, Incubating = 1, Registered = 2 }

public enum OrgRating { Excellent = 1, Good = 2, Pass = 3, Fail = 4 }

// A call is drafted, open for applications until its deadline, reviewed by the panel, then
// decided by its owner; scores are shown to the panel only from Deciding on.
public enum CallStatus { Draft = 0, Open = 1, Reviewing = 2, Deciding = 3, Finished = 4 }

public enum ApplicationStatus { Draft = 0, Submitted = 1, Funded = 2, NotFunded = 3, Completed = 4 }

public enum FundingDecision { Full = 1, Reduced = 2, NotFunded = 3 }

public enum MilestoneStatus { Planned = 0, Reported = 1, Accepted = 2, Returned = 3 }

// The grants ledger: what was granted, released per milestone, and returned unspent.
public enum GrantEntryKind { Granted = 1, Released = 2, Returned = 3 }

public enum ProjectFileKind { Photo = 1, Receipt = 2 }

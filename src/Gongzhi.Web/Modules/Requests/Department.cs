namespace Gongzhi.Web.Modules.Requests;

// 职能部门: a government office a case can be referred to (部门联办). Its officers reply in the case.
public sealed class Department
{
    public long Id { get; private set; }
    public long SubdistrictId { get; private set; }
    public string Name { get; private set; } = "";
    public string? Phone { get; private set; }

    private Department() { } // for EF

    public Department(long subdistrictId, string name, string? phone = null)
    {
        SubdistrictId = subdistrictId;
        Name = Guard.Text(name, 50, "Name");
        Phone = Guard.OptionalText(phone, 20, "Phone");
    }
}

public sealed class DepartmentMember
{
    public long DepartmentId { get; private set; }
    public string UserId { get; private set; } = "";

    private DepartmentMember() { } // for EF

    public DepartmentMember(long departmentId, string userId)
    {
        DepartmentId = departmentId;
        UserId = userId;
    }
}

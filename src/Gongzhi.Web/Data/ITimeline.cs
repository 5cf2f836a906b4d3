namespace Gongzhi.Web.Data;

// An entity whose moves write their own timeline lines: each move adds its line here, and
// GongzhiDb adds the lines to the same SaveChanges, so no caller can make a move without its line.
public interface ITimeline
{
    IEnumerable<object> TakePendingLines();
}

using Gongzhi.Web.Modules.Administration;
using Gongzhi.Web.Platform;

namespace Gongzhi.Tests.Modules.Administration;

// The pattern alone: how floors are labelled when some numbers are not used, and how rooms are numbered.
public sealed class BuildingPatternTests
{
    [Fact]
    public void Skipped_floor_numbers_move_the_labels_up_and_keep_the_floor_count()
    {
        var pattern = new BuildingPattern(1, 1, 15, 1, RoomNumbering.FloorAndIndex, BuildingPattern.ParseFloors("4，13、14"));
        pattern.FloorLabels().ShouldBe([1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 15, 16, 17, 18]);
        pattern.Rooms().Select(r => r.Room).ShouldBe(["101", "201", "301", "501", "601", "701", "801", "901", "1001", "1101", "1201", "1501", "1601", "1701", "1801"]);
    }

    [Fact]
    public void Rooms_are_numbered_in_either_style_and_repeat_in_each_entrance()
    {
        var dash = new BuildingPattern(3, 2, 2, 3, RoomNumbering.FloorDashIndex, []).Rooms();
        dash.Select(r => $"{r.Entrance}:{r.Room}").ShouldBe(["1:1-1", "1:1-2", "1:1-3", "1:2-1", "1:2-2", "1:2-3", "2:1-1", "2:1-2", "2:1-3", "2:2-1", "2:2-2", "2:2-3"]);
        new BuildingPattern(3, 1, 1, 12, RoomNumbering.FloorAndIndex, []).Rooms()[^1].Room.ShouldBe("112");
        // 30 floors × 4 entrances × 6 homes: every room once per entrance.
        var tower = new BuildingPattern(9, 4, 30, 6, RoomNumbering.FloorAndIndex, [4, 13, 14]).Rooms();
        tower.Count.ShouldBe(720);
        tower.GroupBy(r => (r.Entrance, r.Room)).ShouldAllBe(g => g.Count() == 1);
        tower.ShouldNotContain(r => r.Floor == 4 || r.Floor == 13 || r.Floor == 14);
        tower.Max(r => r.Floor).ShouldBe(33);
    }

    [Fact]
    public void Impossible_patterns_are_refused_with_the_field_that_is_wrong()
    {
        Should.Throw<ValidationFailure>(() => new BuildingPattern(1, 0, 0, 2, RoomNumbering.FloorAndIndex, []).Rooms())
            .Errors.Select(e => e.Field).ShouldBe(["Entrances", "Floors"]);
        Should.Throw<ValidationFailure>(() => new BuildingPattern(1, 1, 6, 2, RoomNumbering.FloorAndIndex, [1]).Check())
            .Errors.Single().MessageKey.ShouldBe("Administration.Error.SkipGroundFloor");
        Should.Throw<ValidationFailure>(() => new BuildingPattern(1, 20, 120, 20, RoomNumbering.FloorAndIndex, []).Check())
            .Errors.Single().MessageKey.ShouldBe("Administration.Error.TooManyHouseholds");
        Should.Throw<ValidationFailure>(() => new BuildingPattern(1, 1, 6, 2, (RoomNumbering)9, []).Check())
            .Errors.Single().Field.ShouldBe("Numbering");
        Should.Throw<ValidationFailure>(() => BuildingPattern.ParseFloors("4, 十三")).Errors.Single().Field.ShouldBe("SkippedFloors");
    }
}

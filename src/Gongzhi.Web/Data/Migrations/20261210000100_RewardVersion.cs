using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Gongzhi.Web.Data.Migrations;

// Rewards can be edited (name, price, on or off the shelf): two staff editing one at once get one winner.
[DbContext(typeof(GongzhiDb))]
[Migration("20261210000100_RewardVersion")]
public sealed class RewardVersion : Migration
{
    protected override void Up(MigrationBuilder m) => m.AddColumn<int>("Version", "Rewards", nullable: false, defaultValue: 0);

    protected override void Down(MigrationBuilder m) => m.DropColumn("Version", "Rewards");
}

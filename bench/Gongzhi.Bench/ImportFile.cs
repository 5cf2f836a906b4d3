using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Gongzhi.Bench;

// A roster in the layout community workers keep (one person a row under a Chinese header row),
// as a real spreadsheet program would save it. Every row is valid: 18-digit ID numbers with the
// right check character, unique, and from an area code the demo data never uses, so none is
// already registered; addresses are new rooms (9901 up) in buildings that exist, so households
// are created as well as residents.
public static class ImportFile
{
    private static readonly string[] Header = ["姓名", "性别", "身份证号", "手机", "小区", "楼栋", "单元", "房号", "与户主关系", "标签"];
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林"];
    private static readonly string[] MaleGiven = ["建国", "志强", "海涛", "伟", "勇", "军", "明辉", "子轩", "浩然", "俊杰"];
    private static readonly string[] FemaleGiven = ["秀英", "桂兰", "丽娟", "静", "敏", "婷婷", "雨涵", "梓萱", "晓燕", "佳怡"];
    private const string CheckChars = "10X98765432";
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    public static byte[] Build(int rows, string estate, int buildings, int entrances, int seed)
    {
        var rnd = new Random(seed);
        var lines = new List<string[]>(rows);
        var room = 0;
        var i = 0;
        while (lines.Count < rows)
        {
            // Walk the entrances of the estate, one new room in each, 1 to 4 people per household.
            var slot = room++;
            var building = 1 + slot % buildings;
            var entrance = 1 + slot / buildings % entrances;
            var roomNumber = (9901 + slot / (buildings * entrances)).ToString(CultureInfo.InvariantCulture);
            var surname = Surnames[rnd.Next(Surnames.Length)];
            var size = Math.Min(1 + rnd.Next(4), rows - lines.Count);
            string[] relations = ["户主", "配偶", "子女", "子女"];
            var names = new HashSet<string>();
            for (var m = 0; m < size; m++, i++)
            {
                var male = m switch { 0 => rnd.Next(10) < 7, 1 => false, _ => rnd.Next(2) == 0 };
                string name;
                do
                {
                    // One person per name in a household: the import rejects the same name twice at one door.
                    var given = male ? MaleGiven[rnd.Next(MaleGiven.Length)] : FemaleGiven[rnd.Next(FemaleGiven.Length)];
                    name = (m == 1 ? Surnames[rnd.Next(Surnames.Length)] : surname) + given;
                }
                while (!names.Add(name));
                var birth = new DateOnly(1942, 1, 1).AddDays(i * 2);
                lines.Add([
                    name, male ? "男" : "女", IdNumber(i, birth, male),
                    "1770" + (1_000_000 + i).ToString(CultureInfo.InvariantCulture)[..7],
                    estate, building.ToString(CultureInfo.InvariantCulture), entrance.ToString(CultureInfo.InvariantCulture), roomNumber,
                    relations[m], "",
                ]);
            }
        }
        return Write(lines);
    }

    // Unique per i: the birth date moves two days a row and the sequence cycles through 0..499.
    private static string IdNumber(int i, DateOnly birth, bool male)
    {
        var seq = i % 500 * 2 + (male ? 1 : 0);
        var first17 = "110101" + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + seq.ToString("000", CultureInfo.InvariantCulture);
        var sum = 0;
        for (var k = 0; k < 17; k++) sum += (first17[k] - '0') * Weights[k];
        return first17 + CheckChars[sum % 11];
    }

    private static byte[] Write(List<string[]> lines)
    {
        using var stream = new MemoryStream();
        using (var doc = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = doc.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheetPart = workbook.AddNewPart<WorksheetPart>();

            // Shared strings, as Excel and WPS save text cells.
            var shared = new Dictionary<string, int>();
            var table = new SharedStringTable();
            int Index(string s)
            {
                if (shared.TryGetValue(s, out var idx)) return idx;
                table.AppendChild(new SharedStringItem(new Text(s)));
                return shared[s] = shared.Count;
            }

            var data = new SheetData();
            void AddRow(uint number, string[] cells)
            {
                var row = new Row { RowIndex = number };
                for (var c = 0; c < cells.Length; c++)
                {
                    if (cells[c].Length == 0) continue;
                    row.AppendChild(new Cell
                    {
                        CellReference = $"{(char)('A' + c)}{number}",
                        DataType = CellValues.SharedString,
                        CellValue = new CellValue(Index(cells[c]).ToString(CultureInfo.InvariantCulture)),
                    });
                }
                data.AppendChild(row);
            }
            AddRow(1, Header);
            for (var r = 0; r < lines.Count; r++) AddRow((uint)(r + 2), lines[r]);

            sheetPart.Worksheet = new Worksheet(data);
            var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
            sharedPart.SharedStringTable = table;
            table.Count = table.UniqueCount = (uint)shared.Count;
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "居民" }));
            workbook.Workbook.Save();
        }
        return stream.ToArray();
    }
}

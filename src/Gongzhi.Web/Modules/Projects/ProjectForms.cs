using System.Globalization;
using Gongzhi.Web.Modules.Requests.Photos;

namespace Gongzhi.Web.Modules.Projects;

// Reads the multipart milestone report, the same from the page and from the API: "report",
// "reached", "version", "spend.{budgetLineId}" (fen from the API, yuan with "yuan=1" from the page), files.
public static class ProjectForms
{
    public static MilestoneReportInput Report(IFormCollection form)
    {
        int? Int(string name) => int.TryParse(form[name].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
        var yuan = form["yuan"].ToString() == "1";
        var spends = new List<SpendInput>();
        foreach (var key in form.Keys.Where(k => k.StartsWith("spend.", StringComparison.Ordinal)))
        {
            if (!long.TryParse(key["spend.".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var lineId)) throw new ValidationFailure("Spends", "Projects.Error.LineUnknown");
            var raw = form[key].ToString();
            if (raw.Length == 0) continue;
            long? fen = yuan ? ProjectsTime.ParseYuan(raw) : long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var f) ? f : -1;
            if (fen < 0) throw new ValidationFailure($"Spends[{lineId}]", "Projects.Error.AmountInvalid");
            spends.Add(new SpendInput(lineId, fen));
        }
        var version = Int("version") ?? throw new ConcurrencyConflict("Projects.Error.Changed");
        var reached = form["reached"].ToString();
        int? people = reached.Length == 0 ? null : int.TryParse(reached, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return new MilestoneReportInput(form["report"].ToString(), people, spends, version);
    }

    public static List<PhotoUpload> Files(IFormCollection form, string name) =>
        form.Files.GetFiles(name).Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).Select(f => new PhotoUpload(f.FileName, f.Length, f.OpenReadStream)).ToList();
}

using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Web.Modules.Insight;

// The year in figures as a Word document (WordprocessingML) to paste from or print: a title, one numbered paragraph
// per section (一、接诉即办：…。), then the whole year as one paragraph; A4 portrait, 宋体/黑体 as offices use.
public static class YearDocument
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private static readonly string[] Numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    public static byte[] Write(YearReport report, IStringLocalizer text, string asOfLine)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph(report.Title, "黑体", 36, bold: true, center: true));
            body.Append(Paragraph(asOfLine, "宋体", 21, center: true));
            for (var i = 0; i < report.Lines.Count; i++)
            {
                var line = report.Lines[i];
                var number = i < Numerals.Length ? Numerals[i] : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                body.Append(Paragraph($"{number}、{line.Section}：{line.Sentence}。", "宋体", 28, indent: true));
            }
            body.Append(Paragraph(text["Insight.Year.Summary"], "黑体", 28, bold: true));
            body.Append(Paragraph(report.Paragraph(text), "宋体", 28, indent: true));
            // A4 portrait, margins of an office document (2.54 cm top and bottom, 3.17 cm sides), in twentieths of a point.
            body.Append(new SectionProperties(new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1800U, Right = 1800U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }
        return stream.ToArray();
    }

    // size in half-points (28 = 14 pt, 四号).
    private static Paragraph Paragraph(string content, string font, int size, bool bold = false, bool center = false, bool indent = false)
    {
        // Children in the schema's order: fonts, bold, size.
        var props = new RunProperties(new RunFonts { EastAsia = font, Ascii = font, HighAnsi = font });
        if (bold) props.Append(new Bold());
        props.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var paragraphProps = new ParagraphProperties(new SpacingBetweenLines { Line = "480", LineRule = LineSpacingRuleValues.Auto });
        // 首行缩进两字.
        if (indent) paragraphProps.Append(new Indentation { FirstLineChars = 200 });
        if (center) paragraphProps.Append(new Justification { Val = JustificationValues.Center });
        return new Paragraph(paragraphProps, new Run(props, new Text(content) { Space = SpaceProcessingModeValues.Preserve }));
    }
}

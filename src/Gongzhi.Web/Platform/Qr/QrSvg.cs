using QRCoder;

namespace Gongzhi.Web.Platform.Qr;

// A QR code as inline SVG, drawn on the server: it prints sharply on door plates and needs no script on the
// page. Black on white with the quiet zone, sized by its viewBox so CSS decides how large it shows.
public static class QrSvg
{
    public static string For(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(4, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}

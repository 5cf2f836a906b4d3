using System.Security.Cryptography;
using System.Text;

namespace Gongzhi.Web.Modules.WeChat;

// The JS-SDK's wx.config signature, computed on the server so the ticket never reaches a page.
// https://developers.weixin.qq.com/doc/offiaccount/OA_Web_Apps/JS-SDK.html (附录1-JS-SDK使用权限签名算法):
// the four fields sorted by name, joined as key=value with '&', SHA1, lower-case hex; the url is the
// page's full address without the '#' fragment.
public static class WeChatJsSdk
{
    public static string Signature(string ticket, string nonceStr, long timestamp, string url)
    {
        var hashless = url.Split('#')[0];
        var text = $"jsapi_ticket={ticket}&noncestr={nonceStr}&timestamp={timestamp}&url={hashless}";
#pragma warning disable CA5350 // WeChat's protocol prescribes SHA1 for this signature; it is not ours to choose
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
    }

    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}

public sealed record JsSdkConfig(string AppId, long Timestamp, string NonceStr, string Signature);

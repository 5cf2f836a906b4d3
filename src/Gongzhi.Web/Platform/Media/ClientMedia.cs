namespace Gongzhi.Web.Platform.Media;

// A photo a phone handed to a messaging app's own uploader (WeChat's wx.uploadImage) instead of
// posting the file: the form carries only the app's media ids, and the server fetches the bytes.
// The bytes are not trusted any more than a posted file: the caller puts them through its own checks.
public sealed record FetchedMedia(string FileName, byte[] Bytes);

// Registered by the module that speaks to the messaging app; absent when none is configured.
// Throws ValidationFailure (field "Photos") when an id is unknown, expired or cannot be fetched.
public interface IClientMediaSource
{
    Task<IReadOnlyList<FetchedMedia>> FetchAsync(IReadOnlyList<string> mediaIds, CancellationToken ct);
}

namespace Gongzhi.Web.Platform;

// The answer of every endpoint that creates one row: {"id": 42}. Named so the OpenAPI document
// shows one schema clients can generate a type from, instead of an anonymous object per route.
public sealed record IdResponse(long Id);

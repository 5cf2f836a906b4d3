using Microsoft.OpenApi;

namespace Gongzhi.Web.Platform;

// Upload endpoints read their multipart body by hand, inside the handler, after authentication (and then the
// use case's role and scope check) have answered. Bound as IFormFile parameters they would carry routing's
// content-type match, which answers 415 before authorization runs: an anonymous caller would learn what the
// route takes instead of getting 401, a wrong role 415 instead of 403.
public static class Uploads
{
    private static readonly IFormFileCollection None = new FormFileCollection();

    // The posted files; a body that is not multipart holds none, and the use case says a file is required (400).
    public static async Task<IFormFileCollection> FilesAsync(HttpRequest request, CancellationToken ct) =>
        request.HasFormContentType ? (await request.ReadFormAsync(ct)).Files : None;

    // The OpenAPI document still shows the multipart body (fields of binary files, and plain text fields),
    // without the metadata that would make routing answer 415 first.
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder builder, string fileField, bool many = false) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            IOpenApiSchema file = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Required = new HashSet<string> { fileField },
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                [fileField] = many ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = file } : file,
                            },
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FluxImaging.Server.Api.Edits;

/// <summary>
/// Describes the edit route's two bodies in the OpenAPI document. Declaring them with <c>Accepts</c> would also make
/// routing answer other types itself, with a bare 415 — and the route answers those with an error of its own.
/// </summary>
internal static class EditRequestBody
{
    public static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var form = await context.GetOrCreateSchemaAsync(typeof(EditRequestDocument), null, cancellationToken).ConfigureAwait(false);
        var json = await context.GetOrCreateSchemaAsync(typeof(EditJsonDocument), null, cancellationToken).ConfigureAwait(false);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["multipart/form-data"] = new() { Schema = form },
                ["application/json"] = new() { Schema = json },
            },
        };
    }
}

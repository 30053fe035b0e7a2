using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace MidTrain.Models.Serving;

/// <summary>Reads a request's JSON body within the server's size limit; failures are <see cref="OpenAiErrorException"/>s.</summary>
internal static class RequestBody
{
    public static async Task<JsonDocument> ReadAsync(HttpContext context, long limit)
    {
        try
        {
            var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw RequestParameters.Fail(OpenAiError.BadJson("the top level is not an object"));
            }

            return document;
        }
        catch (JsonException ex)
        {
            throw RequestParameters.Fail(OpenAiError.BadJson(ex.Message));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw RequestParameters.Fail(OpenAiError.BodyTooLarge(limit));
        }
    }
}

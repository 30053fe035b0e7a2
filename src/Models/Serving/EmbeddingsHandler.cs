using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;

namespace MidTrain.Models.Serving;

/// <summary>
/// <c>POST /v1/embeddings</c> over an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>: <c>input</c> as a string
/// or an array of strings (token arrays are refused), <c>encoding_format</c> <c>float</c> or <c>base64</c> (little-endian
/// float32, what OpenAI's SDKs ask for by default), <c>dimensions</c> only when it equals the model's. Admission and
/// deadlines as for chat completions. Thread-safe.
/// </summary>
internal sealed class EmbeddingsHandler(ServiceHost host, IEmbeddingGenerator<string, Embedding<float>> generator, string modelId, OpenAiServerOptions options, AdmissionGate gate)
{
    public const string Route = "/v1/embeddings";

    /// <summary>OpenAI's limit on inputs per request.</summary>
    private const int MaxInputs = 2048;

    private static readonly string[] Formats = ["float", "base64"];

    public Task HandleAsync(HttpContext context) => host.GuardAsync(context, "The embedding model failed", async () =>
    {
        List<string> inputs;
        bool base64;
        using (var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes).ConfigureAwait(false))
        {
            var model = ChatCompletionRequest.ReadModel(body.RootElement);
            if (!string.Equals(model, modelId, StringComparison.Ordinal))
            {
                throw RequestParameters.Fail(OpenAiError.ModelNotFound(model));
            }

            (inputs, base64) = Parse(new RequestParameters(body.RootElement));
        }

        await host.RunAdmittedAsync(context, gate, async (ticket, token) =>
        {
            var embeddings = await generator.GenerateAsync(inputs, null, token).ConfigureAwait(false);
            ticket.Dispose();
            var tokens = embeddings.Usage?.InputTokenCount ?? 0;
            host.Metrics.Tokens(Route, tokens, 0);
            await WriteAsync(context, embeddings, base64, tokens, token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }, static exception => exception is ModelCallException { Kind: ModelFailureKinds.ContextLength } ex
        ? new OpenAiError(400, ex.Message, Param: "input", Code: "context_length_exceeded")
        : null);

    private (List<string> Inputs, bool Base64) Parse(RequestParameters p)
    {
        var input = p.Get("input") ?? throw RequestParameters.Fail(OpenAiError.Missing("input"));
        var inputs = new List<string>();
        if (input.ValueKind == JsonValueKind.String)
        {
            inputs.Add(input.GetString()!);
        }
        else if (input.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in input.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Number or JsonValueKind.Array)
                {
                    throw RequestParameters.Fail(OpenAiError.UnsupportedValue("input", "token-id inputs are not supported by this server; send text."));
                }

                inputs.Add(item.ValueKind == JsonValueKind.String ? item.GetString()! : throw RequestParameters.Fail(OpenAiError.InvalidType($"input[{index}]", "a string", item)));
                index++;
            }
        }
        else
        {
            throw RequestParameters.Fail(OpenAiError.InvalidType("input", "a string or an array of strings", input));
        }

        if (inputs.Count == 0)
        {
            throw RequestParameters.Fail(OpenAiError.EmptyArray("input"));
        }

        if (inputs.Count > MaxInputs)
        {
            throw RequestParameters.Fail(OpenAiError.TooLong("input", MaxInputs, inputs.Count));
        }

        var empty = inputs.FindIndex(s => s.Length == 0);
        if (empty >= 0)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidValue(input.ValueKind == JsonValueKind.String ? "input" : $"input[{empty}]", "must not be an empty string."));
        }

        var format = p.String("encoding_format") ?? "float";
        if (!Formats.Contains(format, StringComparer.Ordinal))
        {
            throw RequestParameters.Fail(OpenAiError.InvalidValue("encoding_format", format, Formats));
        }

        var dimensions = generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions;
        if (p.Integer("dimensions", 1) is { } asked && asked != dimensions)
        {
            throw RequestParameters.Fail(OpenAiError.UnsupportedValue("dimensions", $"this model gives {dimensions} dimensions and cannot shorten its vectors."));
        }

        return (inputs, format == "base64");
    }

    private async Task WriteAsync(HttpContext context, GeneratedEmbeddings<Embedding<float>> embeddings, bool base64, long tokens, CancellationToken cancellationToken)
    {
        await using var json = OpenAiList.Start(context);
        for (var i = 0; i < embeddings.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString("object", "embedding");
            json.WriteNumber("index", i);
            var vector = embeddings[i].Vector.Span;
            if (base64)
            {
                // OpenAI's base64 format is the raw little-endian float32 array.
                json.WriteBase64String("embedding", BitConverter.IsLittleEndian ? MemoryMarshal.AsBytes(vector) : LittleEndian(vector));
            }
            else
            {
                json.WriteStartArray("embedding");
                foreach (var x in vector)
                {
                    json.WriteNumberValue(x);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            if (json.BytesPending > 1 << 16)
            {
                await json.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        json.WriteEndArray();
        json.WriteString("model", modelId);
        json.WriteStartObject("usage");
        json.WriteNumber("prompt_tokens", tokens);
        json.WriteNumber("total_tokens", tokens);
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static byte[] LittleEndian(ReadOnlySpan<float> vector)
    {
        var bytes = new byte[vector.Length * sizeof(float)];
        for (var i = 0; i < vector.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), vector[i]);
        }

        return bytes;
    }
}

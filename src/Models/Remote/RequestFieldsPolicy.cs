using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;

namespace MidTrain.Models.Remote;

/// <summary>
/// Writes fixed fields into the JSON body of every chat completion request the OpenAI SDK sends — for request fields the
/// SDK does not model and that differ between servers (a reasoning-token budget: vLLM's <c>thinking_token_budget</c>,
/// SGLang's <c>chat_template_kwargs.thinking_budget</c>, NIM's <c>nvext.max_thinking_tokens</c>). A dotted name is a
/// path of nested objects, created where missing. Other requests pass unchanged. Immutable and thread-safe.
/// </summary>
internal sealed class RequestFieldsPolicy : PipelinePolicy
{
    private readonly IReadOnlyDictionary<string, JsonNode> _fields;

    public RequestFieldsPolicy(IReadOnlyDictionary<string, JsonNode> fields) => _fields = fields;

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    private void Rewrite(PipelineMessage message)
    {
        var request = message.Request;
        if (request.Content is not { } content || request.Uri?.AbsolutePath.EndsWith("/chat/completions", StringComparison.Ordinal) != true)
        {
            return;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer, message.CancellationToken);
        if (JsonNode.Parse(buffer.ToArray()) is not JsonObject body)
        {
            return;
        }

        foreach (var (path, value) in _fields)
        {
            SetField(body, path, value.DeepClone());
        }

        request.Content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
    }

    /// <summary>Sets the field <paramref name="path"/> of <paramref name="body"/>; a dotted name is a path of nested objects, created where missing.</summary>
    internal static void SetField(JsonObject body, string path, JsonNode value)
    {
        var parts = path.Split('.');
        var target = body;
        foreach (var part in parts[..^1])
        {
            if (target[part] is not JsonObject next)
            {
                next = new JsonObject();
                target[part] = next;
            }

            target = next;
        }

        target[parts[^1]] = value;
    }
}

using System.Threading.Channels;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using LLama;
using LLama.Native;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;
using MidTrain.Models.Grammar;
using MidTrain.Models.Reasoning;

namespace MidTrain.Models.Local;

/// <summary>
/// <see cref="IChatClient"/> over a local GGUF model: formats messages with the model's own chat template, turns
/// <see cref="ChatOptions"/> into a sampler (temperature, top-p, top-k, seed, JSON-schema grammar) and hands the request
/// to the shared <see cref="BatchScheduler"/>. Same seed and same input give byte-identical output. Thread-safe.
/// </summary>
internal sealed class LlamaChatClient : IChatClient
{
    /// <summary>Default sampling when <see cref="ChatOptions"/> leaves it open.</summary>
    internal const float DefaultTemperature = 0.8f;
    internal const float DefaultTopP = 0.95f;
    internal const int DefaultTopK = 40;

    private readonly LLamaWeights _weights;
    private readonly BatchScheduler _scheduler;
    private readonly int _defaultMaxTokens;
    private readonly long _defaultSeed;
    private readonly ModelReasoningOptions? _reasoning;
    private readonly ChatClientMetadata _metadata;

    public LlamaChatClient(LLamaWeights weights, BatchScheduler scheduler, string modelId, int defaultMaxTokens, long defaultSeed, ModelReasoningOptions? reasoning = null)
    {
        _reasoning = reasoning;
        _weights = weights;
        _scheduler = scheduler;
        _defaultMaxTokens = defaultMaxTokens;
        _defaultSeed = defaultSeed;
        _metadata = new ChatClientMetadata("llama.cpp", null, modelId);
    }

    public BatchScheduler Scheduler => _scheduler;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = BuildRequest(messages, options, null, cancellationToken);
        var result = await _scheduler.Submit(request).ConfigureAwait(false);
        return ToResponse(result);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

        // A consumer that stops reading early (without cancelling) must still stop the generation.
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = BuildRequest(messages, options, delta => queue.Writer.TryWrite(delta), abandon.Token);
        var completion = _scheduler.Submit(request);
        _ = completion.ContinueWith(static (_, q) => ((Channel<string>)q!).Writer.TryComplete(), queue, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var responseId = "chatcmpl-" + request.GetHashCode().ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        GenerationResult result;
        try
        {
            await foreach (var delta in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                // ReadAllAsync drains what is buffered without looking at the token; a cancelled stream stops at once.
                cancellationToken.ThrowIfCancellationRequested();
                yield return new ChatResponseUpdate(ChatRole.Assistant, delta) { ModelId = _metadata.DefaultModelId, ResponseId = responseId };
            }

            result = await completion.ConfigureAwait(false);
        }
        finally
        {
            if (!completion.IsCompleted)
            {
                await abandon.CancelAsync().ConfigureAwait(false);
            }
        }

        var final = new ChatResponseUpdate
        {
            Role = ChatRole.Assistant,
            ModelId = _metadata.DefaultModelId,
            ResponseId = responseId,
            FinishReason = result.HitLength ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Contents = [new UsageContent(Usage(result))],
        };
        if (result.Logprobs is not null)
        {
            final.AdditionalProperties = new() { [ChatLogprobs.ResponseKey] = result.Logprobs };
        }

        yield return final;
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(Core.Models.ITokenCounter))
        {
            return new WeightsTokenCounter(_weights);
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : serviceType.IsInstanceOfType(_scheduler) ? _scheduler : null;
    }

    public void Dispose()
    {
        // The owning LlamaBackend disposes the scheduler and weights.
    }

    /// <summary>The prompt text the model sees for <paramref name="messages"/> (its chat template, assistant turn opened).</summary>
    internal string FormatPrompt(IEnumerable<ChatMessage> messages)
    {
        var template = new LLamaTemplate(_weights, strict: false) { AddAssistant = true };
        foreach (var message in messages)
        {
            template.Add(message.Role.Value, message.Text ?? string.Empty);
        }

        return Encoding.UTF8.GetString(template.Apply());
    }

    private GenerationRequest BuildRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, Action<string>? onDelta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        cancellationToken.ThrowIfCancellationRequested();
        var prompt = FormatPrompt(messages);
        var tokens = _weights.Tokenize(prompt, _weights.Vocab.ShouldAddBOS, special: true, Encoding.UTF8);
        var seed = options?.Seed ?? _defaultSeed;
        var grammar = GrammarFor(options?.ResponseFormat);
        var root = "root";
        if (grammar is not null && _reasoning is { Grammar: not LocalReasoningGrammar.Off, InlineTags: { } tags } reasoning)
        {
            // Structured output from a reasoning model: the trace first, then the JSON (split off by the reasoning layer).
            grammar = ReasoningGrammar.Wrap(grammar, tags, reasoning.Grammar, reasoning.Start, reasoning.GrammarMaxChars);
            root = ReasoningGrammar.Root;
        }

        var sampling = new SamplingSettings(
            options?.Temperature ?? DefaultTemperature,
            options?.TopP ?? DefaultTopP,
            options?.TopK ?? DefaultTopK,
            unchecked((uint)(seed ^ (seed >> 32))),
            grammar,
            root);
        var maxTokens = Math.Max(1, options?.MaxOutputTokens ?? _defaultMaxTokens);
        return new GenerationRequest(tokens, maxTokens, sampling, ChatLogprobs.TopRequested(options), options?.StopSequences?.ToArray() ?? [], onDelta, cancellationToken);
    }

    private static string? GrammarFor(ChatResponseFormat? format)
    {
        if (format is not ChatResponseFormatJson json)
        {
            return null;
        }

        try
        {
            return json.Schema is { } schema
                ? JsonSchemaGbnfConverter.Convert(schema)
                : JsonSchemaGbnfConverter.Convert("{\"type\":\"object\"}");
        }
        catch (NotSupportedException ex)
        {
            throw new ModelCallException(ModelFailureKinds.Schema, "response schema cannot be enforced locally: " + ex.Message, ex);
        }
    }

    private static UsageDetails Usage(GenerationResult result) => new()
    {
        InputTokenCount = result.PromptTokens,
        OutputTokenCount = result.OutputTokens,
        TotalTokenCount = result.PromptTokens + result.OutputTokens,
    };

    private ChatResponse ToResponse(GenerationResult result)
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, result.Text))
        {
            ModelId = _metadata.DefaultModelId,
            FinishReason = result.HitLength ? ChatFinishReason.Length : ChatFinishReason.Stop,
            Usage = Usage(result),
        };
        if (result.Logprobs is not null)
        {
            response.AdditionalProperties = new() { [ChatLogprobs.ResponseKey] = result.Logprobs };
        }

        return response;
    }
}

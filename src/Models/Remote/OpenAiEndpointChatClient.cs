using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;
using MidTrain.Models.Reasoning;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using OpenAI.Chat;
using SkAuthorRole = Microsoft.SemanticKernel.ChatCompletion.AuthorRole;
using SkChatHistory = Microsoft.SemanticKernel.ChatCompletion.ChatHistory;

namespace MidTrain.Models.Remote;

/// <summary>
/// <see cref="IChatClient"/> over one OpenAI-compatible endpoint through Semantic Kernel's OpenAI connector. The
/// mapping of <see cref="ChatOptions"/> to SK's execution settings is done here rather than with SK's generic
/// <c>AsChatClient()</c> bridge, because that bridge does not carry log-probabilities back and we want every option
/// (seed, JSON schema, top-logprobs) to be explicit. The OpenAI SDK's own retries are switched off (one retry layer,
/// DESIGN §6); every failure is rethrown as a <see cref="ModelCallException"/> with its kind, status and
/// <c>Retry-After</c>. The API key is held only inside the SDK client and never logged. A reasoning trace the server
/// returns in the non-standard <c>reasoning_content</c> (DeepSeek, vLLM, SGLang, llama-server) or <c>reasoning</c>
/// (OpenRouter, newer vLLM) message field becomes a <see cref="TextReasoningContent"/> (streamed or not), and the
/// reported reasoning tokens become <see cref="UsageDetails.ReasoningTokenCount"/>; <c>reasoning_effort</c> and a
/// reasoning-token budget are sent where the model's <see cref="ModelReasoningOptions"/> ask for them. Thread-safe.
/// </summary>
internal sealed class OpenAiEndpointChatClient : IChatClient
{
    private readonly OpenAIChatCompletionService _service;
    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;
    private readonly ChatClientMetadata _metadata;
    private readonly string? _defaultEffort;

    public OpenAiEndpointChatClient(Uri endpoint, string modelId, string? apiKey, TimeProvider timeProvider, ILoggerFactory loggerFactory, ModelReasoningOptions? reasoning = null)
    {
        _defaultEffort = reasoning?.Effort;
        Endpoint = endpoint;
        _timeProvider = timeProvider;
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = int.MaxValue,
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            // Timeouts belong to the resilience layer.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            Transport = new HttpClientPipelineTransport(_http),
            // Timeouts belong to the resilience layer (or the adaptive pool); the SDK's own would add a timer per request.
            NetworkTimeout = Timeout.InfiniteTimeSpan,

            // At thousands of requests a second the SDK's message logging and tracing policies cost more than they
            // tell (failures are classified and logged by the resilience layer; the key is never logged either way).
            ClientLoggingOptions = new ClientLoggingOptions { EnableLogging = false },
            EnableDistributedTracing = false,
        };
        if (reasoning?.MaxTokens is { } budget)
        {
            // No typed option exists for a reasoning budget (and no common field name): write it into the body.
            options.AddPolicy(new RequestFieldsPolicy(new Dictionary<string, System.Text.Json.Nodes.JsonNode>(StringComparer.Ordinal) { [reasoning.BudgetField] = budget }), PipelinePosition.PerCall);
        }

        // Keyless local servers still need a non-empty credential (ApiKeyCredential rejects "").
        var client = new ChatClientCachingOpenAIClient(new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "no-key" : apiKey), options);
        _service = new OpenAIChatCompletionService(modelId, client, loggerFactory);
        _metadata = new ChatClientMetadata("openai", endpoint, modelId);
    }

    public Uri Endpoint { get; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = History(messages);
        var settings = Settings(options);
        IReadOnlyList<Microsoft.SemanticKernel.ChatMessageContent> results;
        try
        {
            results = await _service.GetChatMessageContentsAsync(history, settings, null, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw Translate(ex);
        }

        var first = results.Count > 0 ? results[0] : throw new ModelCallException(ModelFailureKinds.Parse, "the server returned no choices");
        var completion = first.InnerContent as ChatCompletion;
        var message = new Microsoft.Extensions.AI.ChatMessage(ChatRole.Assistant, first.Content ?? string.Empty);
        if (completion is not null && Reasoning(completion) is { } trace)
        {
            message.Contents.Insert(0, new TextReasoningContent(trace));
        }

        var response = new ChatResponse(message)
        {
            ModelId = first.ModelId ?? _metadata.DefaultModelId,
        };
        if (completion is not null)
        {
            response.ResponseId = completion.Id;
            response.FinishReason = Finish(completion.FinishReason);
            if (completion.Usage is { } usage)
            {
                response.Usage = Usage(usage);
            }

            if (completion.ContentTokenLogProbabilities is { Count: > 0 } logprobs)
            {
                response.AdditionalProperties = new() { [ChatLogprobs.ResponseKey] = Logprobs(logprobs) };
            }
        }

        return response;
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var chunks = _service.GetStreamingChatMessageContentsAsync(History(messages), Settings(options), null, cancellationToken)
            .OnFault(ex => ex is OperationCanceledException ? null : Translate(ex), cancellationToken);
        await foreach (var chunk in chunks.ConfigureAwait(false))
        {
            var update = new ChatResponseUpdate(ChatRole.Assistant, chunk.Content ?? string.Empty) { ModelId = chunk.ModelId ?? _metadata.DefaultModelId };
            if (chunk.InnerContent is StreamingChatCompletionUpdate inner)
            {
                update.ResponseId = inner.CompletionId;
                if (Reasoning(inner) is { } trace)
                {
                    update.Contents.Insert(0, new TextReasoningContent(trace));
                }

                if (inner.FinishReason is { } reason)
                {
                    update.FinishReason = Finish(reason);
                }

                if (inner.Usage is { } usage)
                {
                    update.Contents.Add(new UsageContent(Usage(usage)));
                }
            }

            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose() => _http.Dispose();

    private static SkChatHistory History(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages)
    {
        var history = new SkChatHistory();
        foreach (var message in messages)
        {
            history.AddMessage(new SkAuthorRole(message.Role.Value), message.Text ?? string.Empty);
        }

        return history;
    }

    private OpenAIPromptExecutionSettings Settings(ChatOptions? options)
    {
        var settings = new OpenAIPromptExecutionSettings
        {
            MaxTokens = options?.MaxOutputTokens,
            Temperature = options?.Temperature,
            TopP = options?.TopP,
            Seed = options?.Seed,
            FrequencyPenalty = options?.FrequencyPenalty,
            PresencePenalty = options?.PresencePenalty,
            StopSequences = options?.StopSequences?.ToList(),
        };
        if (options?.ModelId is { Length: > 0 } model)
        {
            settings.ModelId = model;
        }

        if ((Effort(options?.Reasoning?.Effort) ?? _defaultEffort) is { } effort)
        {
#pragma warning disable OPENAI001 // The effort level type is marked for evaluation; reasoning_effort itself is a stable API field.
            settings.ReasoningEffort = new ChatReasoningEffortLevel(effort);
#pragma warning restore OPENAI001
        }

        if (ChatLogprobs.TopRequested(options) is { } k)
        {
            settings.Logprobs = true;
            if (k > 0)
            {
                settings.TopLogprobs = k;
            }
        }

#pragma warning disable SKEXP0010 // ResponseFormat is marked experimental in SK.
        settings.ResponseFormat = options?.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } json => OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
                json.SchemaName ?? "response", BinaryData.FromString(schema.GetRawText()), json.SchemaDescription, jsonSchemaIsStrict: true),
            ChatResponseFormatJson => OpenAI.Chat.ChatResponseFormat.CreateJsonObjectFormat(),
            _ => null,
        };
#pragma warning restore SKEXP0010
        return settings;
    }

    /// <summary>The wire name of a per-call reasoning effort (<c>reasoning_effort</c>), or null when none is set.</summary>
    internal static string? Effort(ReasoningEffort? effort) => effort switch
    {
        ReasoningEffort.None => "none",
        ReasoningEffort.Low => "low",
        ReasoningEffort.Medium => "medium",
        ReasoningEffort.High => "high",
        ReasoningEffort.ExtraHigh => "xhigh",
        _ => null,
    };

    /// <summary>The SDK's token usage in M.E.AI terms; cached prompt tokens are priced apart (<c>cached_input_per_mtok</c>).</summary>
    private static UsageDetails Usage(ChatTokenUsage usage) => new()
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
        ReasoningTokenCount = usage.OutputTokenDetails is { ReasoningTokenCount: > 0 } details ? details.ReasoningTokenCount : null,
        CachedInputTokenCount = usage.InputTokenDetails?.CachedTokenCount is > 0 and var cached ? cached : null,
    };

#pragma warning disable SCME0001 // JsonPatch (the SDK's access to fields it does not model) is marked for evaluation.
    /// <summary>The trace in the first choice's <c>reasoning_content</c> (or <c>reasoning</c>) field, which the SDK does not model.</summary>
    private static string? Reasoning(ChatCompletion completion) =>
        NonEmpty(completion.Patch, "$.choices[0].message.reasoning_content"u8) ?? NonEmpty(completion.Patch, "$.choices[0].message.reasoning"u8);

    /// <summary>The trace piece in a streamed chunk's <c>delta.reasoning_content</c> (or <c>delta.reasoning</c>).</summary>
    private static string? Reasoning(StreamingChatCompletionUpdate update) =>
        NonEmpty(update.Patch, "$.choices[0].delta.reasoning_content"u8) ?? NonEmpty(update.Patch, "$.choices[0].delta.reasoning"u8);

    private static string? NonEmpty(JsonPatch patch, ReadOnlySpan<byte> path) =>
        patch.TryGetValue(path, out string? value) && !string.IsNullOrEmpty(value) ? value : null;
#pragma warning restore SCME0001

    private static Microsoft.Extensions.AI.ChatFinishReason Finish(OpenAI.Chat.ChatFinishReason reason) => reason switch
    {
        OpenAI.Chat.ChatFinishReason.Length => Microsoft.Extensions.AI.ChatFinishReason.Length,
        OpenAI.Chat.ChatFinishReason.ContentFilter => Microsoft.Extensions.AI.ChatFinishReason.ContentFilter,
        OpenAI.Chat.ChatFinishReason.ToolCalls or OpenAI.Chat.ChatFinishReason.FunctionCall => Microsoft.Extensions.AI.ChatFinishReason.ToolCalls,
        _ => Microsoft.Extensions.AI.ChatFinishReason.Stop,
    };

    private static List<TokenLogprob> Logprobs(IReadOnlyList<ChatTokenLogProbabilityDetails> details) =>
        details.Select(d => new TokenLogprob(
            d.Token,
            d.LogProbability,
            d.TopLogProbabilities.Select(t => new TokenLogprob(t.Token, t.LogProbability, bytes: Bytes(t.Utf8Bytes))).ToList(),
            Bytes(d.Utf8Bytes))).ToList();

    private static int[]? Bytes(ReadOnlyMemory<byte>? utf8) => utf8 is { } b ? b.ToArray().Select(x => (int)x).ToArray() : null;

    /// <summary>Turns an SK/SDK/transport failure into a classified <see cref="ModelCallException"/>.</summary>
    private ModelCallException Translate(Exception ex)
    {
        var clientResult = Find<ClientResultException>(ex);
        int? status = clientResult is { Status: > 0 } ? clientResult.Status : ex is HttpOperationException { StatusCode: { } code } ? (int)code : null;
        if (status is { } s)
        {
            var kind = s switch
            {
                429 => ModelFailureKinds.RateLimited,
                408 => ModelFailureKinds.Timeout,
                >= 500 => ModelFailureKinds.ServerError,
                >= 400 => ModelFailureKinds.ClientError,
                _ => ModelFailureKinds.Parse,
            };
            return new ModelCallException(kind, $"{Endpoint} answered HTTP {s}", ex)
            {
                StatusCode = s,
                RetryAfter = RetryAfter(clientResult?.GetRawResponse()),
            };
        }

        if (Find<System.Text.Json.JsonException>(ex) is { } json)
        {
            return new ModelCallException(ModelFailureKinds.Parse, $"{Endpoint} sent a malformed response: {json.Message}", ex);
        }

        if (Find<HttpRequestException>(ex) is not null || Find<IOException>(ex) is not null || Find<System.Net.Sockets.SocketException>(ex) is not null)
        {
            return new ModelCallException(ModelFailureKinds.Transport, $"{Endpoint}: {Innermost(ex).Message}", ex);
        }

        if (clientResult is not null)
        {
            // No status and no transport exception: the connection dropped before a response.
            return new ModelCallException(ModelFailureKinds.Transport, $"{Endpoint}: {Innermost(ex).Message}", ex);
        }

        // A 2xx answer the SDK could not turn into a completion (missing fields, wrong types).
        return new ModelCallException(ModelFailureKinds.Parse, $"{Endpoint} sent an unusable response: {ex.Message}", ex);
    }

    private TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms) && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                var wait = date - _timeProvider.GetUtcNow();
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
        }

        return null;
    }

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    /// <summary>
    /// SK's connector asks its <see cref="OpenAIClient"/> for a chat client on every request; building one reads
    /// configuration and environment variables each time. The model id is fixed per endpoint, so one is kept per model.
    /// </summary>
    private sealed class ChatClientCachingOpenAIClient(ApiKeyCredential credential, OpenAIClientOptions options) : OpenAIClient(credential, options)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ChatClient> _chatClients = new(StringComparer.Ordinal);

        public override ChatClient GetChatClient(string model) =>
            _chatClients.TryGetValue(model, out var client) ? client : _chatClients.GetOrAdd(model, base.GetChatClient(model));
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using MidTrain.Models.Local;

namespace MidTrain.Models.Serving;

/// <summary>
/// An OpenAI-compatible HTTP server over an <see cref="IChatClient"/> (in <c>midtrain serve</c>, the batching llama.cpp
/// backend, so one GPU box can feed many pipelines) and optionally an embedding generator. Routes:
/// <c>POST /v1/chat/completions</c> (JSON or SSE), <c>POST /v1/embeddings</c>, <c>GET /v1/models</c>,
/// <c>GET /metrics</c> (Prometheus text), <c>GET /health</c>; <c>/v1/completions</c> answers 501.
/// <para>
/// Requests are validated the way OpenAI validates them (a 400 with an OpenAI error object naming the parameter; an
/// unknown model is a 404), authenticated with a bearer key when one is set (every route but <c>/health</c>), admitted
/// through a bounded queue (429 with <c>Retry-After</c> beyond it), limited in body size, output tokens and time. On
/// <see cref="StopAsync"/> it stops accepting, lets requests in flight finish for up to
/// <see cref="ServiceHostOptions.ShutdownTimeout"/>, then cancels the rest. It installs no signal handlers: the host
/// process decides when to stop. Built on Kestrel (HTTP/1.1 keep-alive, proper chunked streaming). Thread-safe.
/// </para>
/// </summary>
public sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    private readonly ServiceHost _host;
    private readonly AdmissionGate _chatGate;
    private readonly AdmissionGate? _embeddingGate;

    private OpenAiCompatibleServer(ServiceHost host, AdmissionGate chatGate, AdmissionGate? embeddingGate)
    {
        _host = host;
        _chatGate = chatGate;
        _embeddingGate = embeddingGate;
        BaseAddress = new Uri(host.Address, "v1/");
    }

    /// <summary>The OpenAI base URL clients use, ending in <c>/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Requests being handled right now (any route).</summary>
    public int RequestsInFlight => _host.Lifetime.Running;

    internal ServerMetrics Metrics => _host.Metrics;

    /// <summary>Starts serving <paramref name="backend"/>; returns once the socket is bound.</summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid (e.g. a public address without an API key).</exception>
    public static Task<OpenAiCompatibleServer> StartAsync(IChatClient backend, OpenAiServerOptions options, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        StartAsync(backend, null, options, loggerFactory, timeProvider, cancellationToken);

    /// <summary>
    /// Starts serving the chat model <paramref name="backend"/> (named by <see cref="OpenAiServerOptions.ModelId"/>) and the
    /// embedding model <paramref name="embeddings"/> (named by <see cref="OpenAiServerOptions.EmbeddingModelId"/>); either
    /// may be null (its routes then answer 404), not both.
    /// </summary>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid (e.g. a public address without an API key).</exception>
    public static async Task<OpenAiCompatibleServer> StartAsync(IChatClient? backend, IEmbeddingGenerator<string, Embedding<float>>? embeddings, OpenAiServerOptions options, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        if (backend is null && embeddings is null)
        {
            throw new ArgumentException("serve a chat model, an embedding model or both", nameof(backend));
        }

        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        if (embeddings is not null && string.IsNullOrEmpty(options.EmbeddingModelId))
        {
            throw new Core.Configuration.OptionsValidationException("embedding_model_id", "is required when an embedding model is served");
        }

        var clock = timeProvider ?? TimeProvider.System;
        var logger = loggerFactory.CreateLogger<OpenAiCompatibleServer>();
        var chatGate = new AdmissionGate(options.Parallel, options.MaxQueue);
        var embeddingGate = embeddings is null ? null : new AdmissionGate(1, options.MaxQueue);
        var scheduler = backend?.GetService(typeof(BatchScheduler)) as BatchScheduler;
        ServiceHost host;
        try
        {
            host = await ServiceHost.StartAsync(options, loggerFactory, logger, clock, (host, app) =>
            {
                var metrics = host.Metrics;
                RegisterGauges(metrics, chatGate, embeddingGate, scheduler);
                if (backend is not null)
                {
                    var chat = new ChatCompletionsHandler(host, backend, options, chatGate);
                    app.MapPost(ChatCompletionsHandler.Route, chat.HandleAsync);
                }
                else
                {
                    app.MapPost(ChatCompletionsHandler.Route, (HttpContext context) => new OpenAiError(404,
                        "This server has no chat model; start it with one (midtrain serve --model FILE.gguf).", Param: "model", Code: "model_not_found").WriteAsync(context));
                }

                if (embeddings is not null)
                {
                    var handler = new EmbeddingsHandler(host, embeddings, options.EmbeddingModelId!, options, embeddingGate!);
                    app.MapPost(EmbeddingsHandler.Route, handler.HandleAsync);
                }
                else
                {
                    app.MapPost(EmbeddingsHandler.Route, (HttpContext context) => new OpenAiError(404,
                        "This server has no embedding model; start it with an embedding model (midtrain serve --embedding-model FILE.gguf).", Code: "model_not_found", Param: "model").WriteAsync(context));
                }

                app.MapPost("/v1/completions", (HttpContext context) => new OpenAiError(501,
                    "The legacy /v1/completions endpoint (plain-prompt completion) is not served; use /v1/chat/completions.", Type: "not_implemented", Code: "not_implemented").WriteAsync(context));
                app.MapGet("/v1/models", (HttpContext context) => WriteModelsAsync(context, backend is null ? null : options.ModelId, embeddings is null ? null : options.EmbeddingModelId));
            }, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            chatGate.Dispose();
            embeddingGate?.Dispose();
            throw;
        }

        return new OpenAiCompatibleServer(host, chatGate, embeddingGate);
    }

    /// <summary>
    /// Stops gracefully: stops accepting connections at once, answers new requests on open connections with 503, lets
    /// requests in flight finish for up to <see cref="ServiceHostOptions.ShutdownTimeout"/>, then cancels what still
    /// runs (streams end with an error event). Cancelling <paramref name="cancellationToken"/> cuts the wait short.
    /// Idempotent.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _host.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        _chatGate.Dispose();
        _embeddingGate?.Dispose();
    }

    private static void RegisterGauges(ServerMetrics metrics, AdmissionGate chat, AdmissionGate? embeddings, BatchScheduler? scheduler)
    {
        metrics.Gauge("midtrain_queue_depth", "Requests admitted and waiting for a free slot.", () => Routes(g => g.Waiting));
        metrics.Gauge("midtrain_requests_running", "Requests running on the backend.", () => Routes(g => g.Running));

        // The batch scheduler's own count when the backend is the local llama.cpp one; otherwise the slots handed out.
        Func<int> busy = scheduler is null ? () => chat.Running : () => scheduler.ActiveCount;
        metrics.Gauge("midtrain_batch_sequences_busy", "Sequences the batch scheduler is decoding.", () => [(string.Empty, busy())]);
        metrics.Gauge("midtrain_batch_sequences_free", "Sequences the batch scheduler could still take (parallel minus busy).", () => [(string.Empty, Math.Max(0, chat.Parallel - busy()))]);
        metrics.Gauge("midtrain_batch_sequences_capacity", "Sequences decoded together at most (--parallel).", () => [(string.Empty, chat.Parallel)]);
        if (scheduler is not null)
        {
            metrics.Gauge("midtrain_batch_decode_steps", "Decode steps run by the batch scheduler so far (monotonic).", () => [(string.Empty, scheduler.DecodeSteps)]);
        }

        IEnumerable<(string, double)> Routes(Func<AdmissionGate, int> read)
        {
            yield return ($"route=\"{ChatCompletionsHandler.Route}\"", read(chat));
            if (embeddings is not null)
            {
                yield return ($"route=\"{EmbeddingsHandler.Route}\"", read(embeddings));
            }
        }
    }

    private static async Task WriteModelsAsync(HttpContext context, string? chatModel, string? embeddingModel)
    {
        await using var json = OpenAiList.Start(context);
        foreach (var id in new[] { chatModel, embeddingModel }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("object", "model");
            json.WriteNumber("created", 0);
            json.WriteString("owned_by", "midtrain");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}

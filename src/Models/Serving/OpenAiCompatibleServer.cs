using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Jsonl;
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
/// <see cref="OpenAiServerOptions.ShutdownTimeout"/>, then cancels the rest. It installs no signal handlers: the host
/// process decides when to stop. Built on Kestrel (HTTP/1.1 keep-alive, proper chunked streaming). Thread-safe.
/// </para>
/// </summary>
public sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServerLifetime _lifetime;
    private readonly AdmissionGate _chatGate;
    private readonly AdmissionGate? _embeddingGate;
    private readonly OpenAiServerOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Lock _stopLock = new();
    private Task? _stopping;

    private OpenAiCompatibleServer(WebApplication app, Uri baseAddress, ServerLifetime lifetime, AdmissionGate chatGate, AdmissionGate? embeddingGate, ServerMetrics metrics, OpenAiServerOptions options, TimeProvider clock, ILogger logger)
    {
        _app = app;
        BaseAddress = baseAddress;
        _lifetime = lifetime;
        _chatGate = chatGate;
        _embeddingGate = embeddingGate;
        Metrics = metrics;
        _options = options;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The OpenAI base URL clients use, ending in <c>/v1/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Requests being handled right now (any route).</summary>
    public int RequestsInFlight => _lifetime.Running;

    internal ServerMetrics Metrics { get; }

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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        // The generic host's console lifetime would swallow SIGTERM/SIGINT without stopping anything: the process that
        // owns the server decides when to stop and calls StopAsync.
        builder.Services.AddSingleton<IHostLifetime, ExternallyControlledLifetime>();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout + TimeSpan.FromSeconds(10));
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Parse(options.Host), options.Port);
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.AddServerHeader = false;
        });

        var lifetime = new ServerLifetime();
        var metrics = new ServerMetrics();
        var chatGate = new AdmissionGate(options.Parallel, options.MaxQueue);
        var embeddingGate = embeddings is null ? null : new AdmissionGate(1, options.MaxQueue);
        var scheduler = backend?.GetService(typeof(BatchScheduler)) as BatchScheduler;
        RegisterGauges(metrics, chatGate, embeddingGate, scheduler, lifetime);

        var app = builder.Build();
        var authenticator = options.ApiKey is { } key ? new ApiKeyAuthenticator(key) : null;
        app.Use(async (context, next) =>
        {
            using var running = lifetime.Enter();
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
                metrics.Request(route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            }
        });
        app.UseStatusCodePages(WriteBodilessErrorAsync);
        app.UseRouting();
        if (authenticator is not null)
        {
            app.Use(async (context, next) =>
            {
                if (context.Request.Path.Equals("/health", StringComparison.Ordinal) || authenticator.Accepts(context.Request.Headers.Authorization))
                {
                    await next(context).ConfigureAwait(false);
                    return;
                }

                context.Response.Headers.WWWAuthenticate = "Bearer";
                await OpenAiError.InvalidApiKey(context.Request.Headers.Authorization.Count > 0).WriteAsync(context).ConfigureAwait(false);
            });
        }

        if (backend is not null)
        {
            var chat = new ChatCompletionsHandler(backend, options, chatGate, metrics, lifetime, clock, logger);
            app.MapPost(ChatCompletionsHandler.Route, chat.HandleAsync);
        }
        else
        {
            app.MapPost(ChatCompletionsHandler.Route, (HttpContext context) => new OpenAiError(404,
                "This server has no chat model; start it with one (midtrain serve --model FILE.gguf).", Param: "model", Code: "model_not_found").WriteAsync(context));
        }
        if (embeddings is not null)
        {
            var handler = new EmbeddingsHandler(embeddings, options.EmbeddingModelId!, options, embeddingGate!, metrics, lifetime, clock, logger);
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
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(metrics.Write(), context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/health", (HttpContext context) => WriteHealthAsync(context, lifetime));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        var host = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host;
        var baseAddress = new Uri($"http://{host}:{bound.Port.ToString(CultureInfo.InvariantCulture)}/v1/");
        return new OpenAiCompatibleServer(app, baseAddress, lifetime, chatGate, embeddingGate, metrics, options, clock, logger);
    }

    /// <summary>
    /// Stops gracefully: stops accepting connections at once, answers new requests on open connections with 503, lets
    /// requests in flight finish for up to <see cref="OpenAiServerOptions.ShutdownTimeout"/>, then cancels what still
    /// runs (streams end with an error event). Cancelling <paramref name="cancellationToken"/> cuts the wait short.
    /// Idempotent.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_stopLock)
        {
            return _stopping ??= StopCoreAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _chatGate.Dispose();
        _embeddingGate?.Dispose();
        _lifetime.Dispose();
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        _lifetime.BeginStopping();
        using var grace = new CancellationTokenSource(_options.ShutdownTimeout, _clock);
        using var graceOrCaller = CancellationTokenSource.CreateLinkedTokenSource(grace.Token, cancellationToken);
        using var kestrel = new CancellationTokenSource();

        // Kestrel unbinds at once, closes idle connections and waits for the requests in flight until its token fires.
        var stopped = _app.StopAsync(kestrel.Token);
        var graceOver = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (graceOrCaller.Token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), graceOver))
        {
            await Task.WhenAny(stopped, graceOver.Task).ConfigureAwait(false);
        }

        if (!stopped.IsCompleted)
        {
            // Cancel what still runs so streams end with an error event and Kestrel can close each connection cleanly;
            // cut the connections only if that does not happen.
            _lifetime.AbortRequests();
            if (await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(5), _clock, CancellationToken.None)).ConfigureAwait(false) != stopped)
            {
                _logger.LogWarning("{Count} requests were still running 5 s after they were cancelled; closing their connections", _lifetime.Running);
                await kestrel.CancelAsync().ConfigureAwait(false);
            }
        }

        try
        {
            await stopped.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void RegisterGauges(ServerMetrics metrics, AdmissionGate chat, AdmissionGate? embeddings, BatchScheduler? scheduler, ServerLifetime lifetime)
    {
        metrics.Gauge("midtrain_queue_depth", "Requests admitted and waiting for a free slot.", () => Routes(g => g.Waiting));
        metrics.Gauge("midtrain_requests_running", "Requests running on the backend.", () => Routes(g => g.Running));
        metrics.Gauge("midtrain_http_requests_in_flight", "HTTP requests being handled (any route).", () => [(string.Empty, lifetime.Running)]);

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

    private static Task WriteBodilessErrorAsync(StatusCodeContext status)
    {
        var context = status.HttpContext;
        var code = context.Response.StatusCode;
        if (code == OpenAiError.ClientClosedRequest || context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var error = code switch
        {
            404 => new OpenAiError(404, $"Invalid URL ({context.Request.Method} {context.Request.Path}).", Code: "not_found"),
            405 => new OpenAiError(405, $"Method {context.Request.Method} is not allowed on {context.Request.Path}.", Code: "method_not_allowed"),
            _ => new OpenAiError(code, $"HTTP {code.ToString(CultureInfo.InvariantCulture)}.", Type: code >= 500 ? "server_error" : OpenAiError.InvalidRequest),
        };
        return error.WriteAsync(context);
    }

    private static async Task WriteModelsAsync(HttpContext context, string? chatModel, string? embeddingModel)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.WriterOptions);
        json.WriteStartObject();
        json.WriteString("object", "list");
        json.WriteStartArray("data");
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

    private static async Task WriteHealthAsync(HttpContext context, ServerLifetime lifetime)
    {
        context.Response.StatusCode = lifetime.IsStopping ? 503 : 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(lifetime.IsStopping ? "{\"status\":\"stopping\"}" : "{\"status\":\"ok\"}", context.RequestAborted).ConfigureAwait(false);
    }
}

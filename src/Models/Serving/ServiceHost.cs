using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MidTrain.Models.Serving;

/// <summary>
/// The HTTP hosting every MidTrain server shares (<c>midtrain serve</c>, <c>midtrain serve rewards</c>): Kestrel on one
/// address with a body-size limit, bearer-key authentication on every route but <c>/health</c> (401 with an error
/// object), per-route request counts and latencies (<c>GET /metrics</c>, Prometheus text), <c>GET /health</c> (503 while
/// stopping), error objects for unknown routes (404) and wrong methods (405), admission through an
/// <see cref="AdmissionGate"/> with 429 + <c>Retry-After</c> (<see cref="RunAdmittedAsync(HttpContext, AdmissionGate, Func{CancellationToken, Task})"/>), a per-request deadline
/// (504), and the graceful stop sequence (<see cref="StopAsync"/>). The server that owns it maps its own routes and
/// gauges before the socket opens. Installs no signal handlers. Thread-safe.
/// </summary>
internal sealed class ServiceHost : IAsyncDisposable
{
    private readonly Lock _stopLock = new();
    private WebApplication _app = null!;
    private Task? _stopping;

    private ServiceHost(ServiceHostOptions options, TimeProvider clock, ILogger logger)
    {
        Options = options;
        Clock = clock;
        Logger = logger;
    }

    /// <summary>The options the host runs with.</summary>
    public ServiceHostOptions Options { get; }

    /// <summary>The server's clock (request deadlines, the stop sequence).</summary>
    public TimeProvider Clock { get; }

    /// <summary>The server's logger.</summary>
    public ILogger Logger { get; }

    /// <summary>The stop sequence as handlers see it (stopping, then aborted) and the count of requests in flight.</summary>
    public ServerLifetime Lifetime { get; } = new();

    /// <summary>The counters and gauges behind <c>/metrics</c>.</summary>
    public ServerMetrics Metrics { get; } = new();

    /// <summary>The root URL the server answers on (<c>http://HOST:PORT/</c>, the port resolved when 0 was asked).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>
    /// Builds and starts the host: <paramref name="map"/> adds the server's routes (and registers its gauges on
    /// <see cref="Metrics"/>) before the socket opens; <c>/metrics</c> and <c>/health</c> are added after them.
    /// Returns once the socket is bound.
    /// </summary>
    public static async Task<ServiceHost> StartAsync(ServiceHostOptions options, ILoggerFactory loggerFactory, ILogger logger, TimeProvider clock, Action<ServiceHost, WebApplication> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(map);
        var host = new ServiceHost(options, clock, logger);
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

        var lifetime = host.Lifetime;
        var metrics = host.Metrics;
        metrics.Gauge("midtrain_http_requests_in_flight", "HTTP requests being handled (any route).", () => [(string.Empty, lifetime.Running)]);
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

        map(host, app);
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await context.Response.WriteAsync(metrics.Write(), context.RequestAborted).ConfigureAwait(false);
        });
        app.MapGet("/health", (HttpContext context) => WriteHealthAsync(context, lifetime));

        host._app = app;
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var bound = new Uri(address);
        var name = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host;
        host.Address = new Uri($"http://{name}:{bound.Port.ToString(CultureInfo.InvariantCulture)}/");
        return host;
    }

    /// <summary>
    /// Runs a route's <paramref name="handle"/> and answers what it throws: an <see cref="OpenAiErrorException"/> with
    /// its error, a cancellation because the client left with nothing, an exception <paramref name="translate"/> maps
    /// (e.g. a model's context-length error) with that error, and anything else with a logged 500 whose message starts
    /// with <paramref name="failure"/> (e.g. "The model failed").
    /// </summary>
    public async Task GuardAsync(HttpContext context, string failure, Func<Task> handle, Func<Exception, OpenAiError?>? translate = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handle);
        try
        {
            await handle().ConfigureAwait(false);
        }
        catch (OpenAiErrorException ex)
        {
            await ex.Error.WriteAsync(context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // Whatever ran has already stopped.
            OpenAiError.ClientGone(context);
        }
        catch (Exception ex) when (translate?.Invoke(ex) is { } error)
        {
            await error.WriteAsync(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "{Failure} on {Path}", failure, context.Request.Path.Value);
            await OpenAiError.Server(failure + ": " + ex.Message).WriteAsync(context).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs one request's <paramref name="work"/> through <paramref name="gate"/>: refused with 503 while stopping and
    /// with 429 + <c>Retry-After</c> when the queue is full (both thrown as <see cref="OpenAiErrorException"/>), else
    /// run once a slot is free under the request's deadline. When that deadline cancels the work, the answer is 504
    /// (time limit), 503 (shutdown) or nothing (the client left).
    /// </summary>
    public Task RunAdmittedAsync(HttpContext context, AdmissionGate gate, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAdmittedAsync(context, gate, (_, token) => work(token));
    }

    /// <summary>
    /// As <see cref="RunAdmittedAsync(HttpContext, AdmissionGate, Func{CancellationToken, Task})"/>, with the request's
    /// ticket given to <paramref name="work"/> so it can free its slot early (once the backend has answered, before the
    /// response is written).
    /// </summary>
    public async Task RunAdmittedAsync(HttpContext context, AdmissionGate gate, Func<AdmissionGate.Ticket, CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(work);
        if (Lifetime.IsStopping)
        {
            throw RequestParameters.Fail(OpenAiError.ShuttingDown());
        }

        using var ticket = gate.TryAdmit();
        if (ticket is null)
        {
            context.Response.Headers.RetryAfter = OpenAiError.Seconds(Options.RetryAfter).ToString(CultureInfo.InvariantCulture);
            throw RequestParameters.Fail(OpenAiError.QueueFull(gate.Waiting, Options.RetryAfter));
        }

        using var deadline = new RequestDeadline(context, Lifetime.Abort, Options.RequestTimeout, Clock);
        try
        {
            await ticket.WaitAsync(deadline.Token).ConfigureAwait(false);
            await work(ticket, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.Token.IsCancellationRequested)
        {
            if (deadline.Reason is { } reason)
            {
                await reason.WriteAsync(context).ConfigureAwait(false);
            }
            else
            {
                OpenAiError.ClientGone(context);
            }
        }
    }

    /// <summary>
    /// Stops gracefully: stops accepting connections at once, answers new requests on open connections with 503, lets
    /// requests in flight finish for up to <see cref="ServiceHostOptions.ShutdownTimeout"/>, then cancels what still
    /// runs. Cancelling <paramref name="cancellationToken"/> cuts the wait short. Idempotent.
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
        Lifetime.Dispose();
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        Lifetime.BeginStopping();
        using var grace = new CancellationTokenSource(Options.ShutdownTimeout, Clock);
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
            Lifetime.AbortRequests();
            if (await Task.WhenAny(stopped, Task.Delay(TimeSpan.FromSeconds(5), Clock, CancellationToken.None)).ConfigureAwait(false) != stopped)
            {
                Logger.LogWarning("{Count} requests were still running 5 s after they were cancelled; closing their connections", Lifetime.Running);
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

    private static async Task WriteHealthAsync(HttpContext context, ServerLifetime lifetime)
    {
        context.Response.StatusCode = lifetime.IsStopping ? 503 : 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(lifetime.IsStopping ? "{\"status\":\"stopping\"}" : "{\"status\":\"ok\"}", context.RequestAborted).ConfigureAwait(false);
    }
}

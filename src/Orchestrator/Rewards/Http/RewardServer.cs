using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Configuration;
using MidTrain.Core.Jsonl;
using MidTrain.Models.Serving;
using MidTrain.Orchestrator.Rewards.SandboxFusion;

namespace MidTrain.Orchestrator.Rewards.Http;

/// <summary>
/// <c>midtrain serve rewards</c>: MidTrain's verifiers and judges as reward endpoints for RL trainers, on the hosting
/// <c>midtrain serve</c> uses (bearer key, limits with 429 + <c>Retry-After</c>, 504 past the request timeout, graceful
/// stop, <c>/metrics</c>, <c>/health</c>). Routes: <c>POST /v1/reward</c> (one item or a batch; verl's
/// <c>compute_score</c> arguments), <c>POST /get_reward</c> (OpenRLHF's remote reward model), <c>POST /run_code</c>
/// (SandboxFusion's, over the code sandbox), <c>GET /v1/rewards</c> (the configured rewards). Does not own the
/// <see cref="RewardSet"/>: stop the server, then dispose the set. Installs no signal handlers. Thread-safe.
/// </summary>
public sealed class RewardServer : IAsyncDisposable
{
    /// <summary>The route listing the configured rewards.</summary>
    public const string ListRoute = "/v1/rewards";

    private readonly ServiceHost _host;
    private readonly AdmissionGate _rewardGate;
    private readonly AdmissionGate? _runCodeGate;

    private RewardServer(ServiceHost host, AdmissionGate rewardGate, AdmissionGate? runCodeGate, RewardCounters counters)
    {
        _host = host;
        _rewardGate = rewardGate;
        _runCodeGate = runCodeGate;
        Counters = counters;
    }

    /// <summary>The root URL (<c>http://HOST:PORT/</c>).</summary>
    public Uri BaseAddress => _host.Address;

    /// <summary>Requests being handled right now (any route).</summary>
    public int RequestsInFlight => _host.Lifetime.Running;

    internal ServerMetrics Metrics => _host.Metrics;

    internal RewardCounters Counters { get; }

    /// <summary>Starts serving <paramref name="rewards"/>; returns once the socket is bound.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid (e.g. a public address without an API key).</exception>
    public static async Task<RewardServer> StartAsync(RewardSet rewards, RewardServerOptions options, ILoggerFactory loggerFactory, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rewards);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        var clock = timeProvider ?? TimeProvider.System;
        var logger = loggerFactory.CreateLogger<RewardServer>();
        var rewardGate = new AdmissionGate(options.Parallel, options.MaxQueue);

        // Twice the pool, so the sandbox's own queue always has the next program ready.
        var runCodeGate = rewards.ServesRunCode ? new AdmissionGate(rewards.Sandbox!.MaxConcurrency * 2, options.MaxQueue) : null;
        var counters = new RewardCounters();
        try
        {
            var host = await ServiceHost.StartAsync(options, loggerFactory, logger, clock, (host, app) =>
            {
                var metrics = host.Metrics;
                metrics.Gauge("midtrain_queue_depth", "Requests admitted and waiting for a free slot.", () => Gates(g => g.Waiting));
                metrics.Gauge("midtrain_requests_running", "Requests being scored or run.", () => Gates(g => g.Running));
                counters.Register(metrics);
                var handler = new RewardHandler(host, rewards, rewardGate, options, counters);
                app.MapPost(RewardHandler.Route, handler.HandleRewardAsync);
                app.MapPost(RewardHandler.OpenRlhfRoute, handler.HandleOpenRlhfAsync);
                app.MapGet(ListRoute, (HttpContext context) => WriteListAsync(context, rewards));
                if (runCodeGate is not null)
                {
                    app.MapPost(RunCodeHandler.Route, new RunCodeHandler(host, rewards.Sandbox!, runCodeGate, options).HandleAsync);
                }
                else
                {
                    app.MapPost(RunCodeHandler.Route, (HttpContext context) => new OpenAiError(503,
                        $"Code execution is unavailable on this server: {rewards.SandboxUnavailable ?? "run_code is false in the rewards file"}", Type: "server_error", Code: "sandbox_unavailable").WriteAsync(context));
                }
            }, cancellationToken).ConfigureAwait(false);
            return new RewardServer(host, rewardGate, runCodeGate, counters);
        }
        catch
        {
            rewardGate.Dispose();
            runCodeGate?.Dispose();
            throw;
        }

        IEnumerable<(string, double)> Gates(Func<AdmissionGate, int> read)
        {
            yield return ($"route=\"{RewardHandler.Route}\"", read(rewardGate));
            if (runCodeGate is not null)
            {
                yield return ($"route=\"{RunCodeHandler.Route}\"", read(runCodeGate));
            }
        }
    }

    /// <summary>
    /// Stops gracefully: stops accepting connections at once, answers new requests on open connections with 503, lets
    /// requests in flight finish for up to <see cref="ServiceHostOptions.ShutdownTimeout"/>, then cancels what still
    /// runs. Cancelling <paramref name="cancellationToken"/> cuts the wait short. Idempotent.
    /// </summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _host.StopAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync().ConfigureAwait(false);
        _rewardGate.Dispose();
        _runCodeGate?.Dispose();
    }

    private static async Task WriteListAsync(HttpContext context, RewardSet rewards)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.WriterOptions);
        json.WriteStartObject();
        json.WriteStartArray("rewards");
        foreach (var reward in rewards.Rewards)
        {
            json.WriteStartObject();
            json.WriteString("name", reward.Name);
            json.WriteString("kind", reward.Kind);
            json.WriteStartArray("data_sources");
            foreach (var source in reward.DataSources)
            {
                json.WriteStringValue(source);
            }

            json.WriteEndArray();
            json.WriteBoolean("needs_ground_truth", reward.NeedsGroundTruth);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (rewards.DefaultReward is { } fallback)
        {
            json.WriteString("default", fallback);
        }
        else
        {
            json.WriteNull("default");
        }

        json.WriteBoolean("run_code", rewards.ServesRunCode);
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}

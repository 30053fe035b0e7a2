using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using MidTrain.Orchestrator.Rewards;
using MidTrain.Orchestrator.Rewards.Http;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain serve rewards [--config rewards.yaml] [--host 127.0.0.1] [--port N] [--api-key-env VAR] …</c>: the
/// verifiers and judges as reward endpoints for RL trainers (<c>/v1/reward</c>, OpenRLHF's <c>/get_reward</c>,
/// SandboxFusion's <c>/run_code</c>) until SIGTERM or SIGINT, which stop it gracefully (exit 0).
/// </summary>
internal sealed class RewardsServeCommand : AsyncCommand<RewardsServeCommand.Settings>
{
    internal sealed class Settings : ServerSettings
    {
        [CommandOption("--config <FILE>")]
        [Description("Rewards file (rewards:, models:, sandbox:, default:). Without it: math, citation and code rewards with their defaults, chosen by name.")]
        public string? Config { get; init; }

        [CommandOption("--port <N>")]
        [Description("Port (default 8100; 0 picks a free one, printed at start).")]
        public int? Port { get; init; }

        [CommandOption("--insecure-no-auth")]
        [Description("Allow a non-loopback --host without an API key (anyone who can reach the port may run code in the sandbox).")]
        public bool InsecureNoAuth { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("Reward requests (one item or a batch each) handled at once (default 16).")]
        public int? Parallel { get; init; }

        [CommandOption("--max-queue <N>")]
        [Description("Requests that may wait beyond --parallel (default 256); more get 429 with Retry-After.")]
        public int? MaxQueue { get; init; }

        [CommandOption("--max-batch <N>")]
        [Description("Most items in one request (default 4096; more is a 400).")]
        public int? MaxBatch { get; init; }

        [CommandOption("--max-request-mb <N>")]
        [Description("Largest request body in MiB (default 64; larger is a 413).")]
        public int? MaxRequestMb { get; init; }

        [CommandOption("--workers <N>")]
        [Description("Math and citation checks running at once across all requests (default: the number of cores).")]
        public int? Workers { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var options = ServerOptions(settings);
        if (settings.Config is { } config && !File.Exists(config))
        {
            throw new UsageException($"--config: file not found: {config}");
        }

        if (settings.Workers is < 1)
        {
            throw new UsageException("--workers must be at least 1");
        }

        using var signals = new ShutdownSignals(options.ShutdownTimeout, cancellationToken);
        // Logs go to stderr with the rest of the server's messages.
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("LLama.Native", LogLevel.Error)
            .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
        var runtime = new RewardRuntime { LoggerFactory = loggerFactory, Workers = settings.Workers ?? new RewardRuntime().Workers };
        await using var rewards = settings.Config is { } path ? RewardSet.Load(path, runtime) : RewardSet.Default(runtime);
        if (signals.Any.IsCancellationRequested)
        {
            Console.Error.WriteLine("stopped before serving");
            return ExitCodes.Success;
        }

        // Warnings first: the "serving … at URL" line says the server is ready, and whoever waits for it (a supervisor,
        // a test) must have seen what the configuration means by then.
        foreach (var model in rewards.TinyTestModels)
        {
            Console.Error.WriteLine($"warning: judge model '{model}' is the tiny random-weight test model; its scores are meaningless. Point its path: at a real GGUF, or use provider: openai.");
        }

        await using var server = await RewardServer.StartAsync(rewards, options, loggerFactory, cancellationToken: signals.Any).ConfigureAwait(false);
        var list = string.Join(", ", rewards.Rewards.Select(r => $"{r.Name} ({r.Kind})"));
        Console.Error.WriteLine($"serving rewards {list} at {server.BaseAddress} (default {rewards.DefaultReward ?? "none"}; /run_code "
            + (rewards.ServesRunCode ? $"on {rewards.Sandbox!.MaxConcurrency} sandbox slots" : "not served: " + (rewards.SandboxUnavailable ?? "run_code is false"))
            + $"; parallel {options.Parallel}, queue {options.MaxQueue}); "
            + ServerFlags.KeyNote(options.ApiKey, settings) + "; SIGTERM or Ctrl+C to stop");

        await signals.StopAfterSignalAsync(() => server.RequestsInFlight, server.StopAsync).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    /// <summary>The server's options from the flags; a flag not given leaves the default of <see cref="RewardServerOptions"/>.</summary>
    internal static RewardServerOptions ServerOptions(Settings settings)
    {
        var defaults = new RewardServerOptions();
        return ServerFlags.Validated(
            new RewardServerOptions
            {
                Host = settings.Host ?? defaults.Host,
                Port = settings.Port ?? defaults.Port,
                ApiKey = ServerFlags.ApiKey(settings),
                InsecureNoAuth = settings.InsecureNoAuth,
                Parallel = settings.Parallel ?? defaults.Parallel,
                MaxQueue = settings.MaxQueue ?? defaults.MaxQueue,
                MaxBatch = settings.MaxBatch ?? defaults.MaxBatch,
                MaxRequestBodyBytes = ServerFlags.Mebibytes(settings.MaxRequestMb) ?? defaults.MaxRequestBodyBytes,
                RequestTimeout = settings.RequestTimeout is { } t ? ServerFlags.Seconds(t, "--request-timeout") : defaults.RequestTimeout,
                ShutdownTimeout = settings.ShutdownTimeout is { } s ? ServerFlags.Seconds(s, "--shutdown-timeout") : defaults.ShutdownTimeout,
            },
            "serve rewards",
            settings);
    }
}

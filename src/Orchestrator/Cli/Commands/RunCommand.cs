using MidTrain.Core.Configuration;
using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Runs;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary><c>midtrain run PIPELINE.yaml [--out DIR] [--resume] [--limit N] [--seed S] [--shard I/N]</c>.</summary>
internal sealed class RunCommand : AsyncCommand<RunCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<PIPELINE>")]
        [Description("The pipeline YAML.")]
        public string Pipeline { get; init; } = string.Empty;

        [CommandOption("--out <DIR>")]
        [Description("Run directory (default: the pipeline's output.dir).")]
        public string? Out { get; init; }

        [CommandOption("--resume")]
        [Description("Continue an interrupted run in the run directory: finished records are kept, the rest is redone.")]
        public bool Resume { get; init; }

        [CommandOption("--limit <N>")]
        [Description("Consider only the first N input records.")]
        public long? Limit { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Override the pipeline's seed.")]
        public long? Seed { get; init; }

        [CommandOption("--shard <I/N>")]
        [Description("Process shard I of N (records assigned by a stable hash of their id); auto-detected from Slurm job arrays and Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX + MIDTRAIN_SHARD_COUNT).")]
        public string? Shard { get; init; }

        [CommandOption("--on-bad-input <MODE>")]
        [Description("skip (default: bad lines go to failed.jsonl) or fail (abort at the first bad line).")]
        public string? OnBadInput { get; init; }

        [CommandOption("--cache <DIR>")]
        [Description("Model response cache (default: cache/ in the run directory). Runs that share it replay identical model calls instead of making them.")]
        public string? Cache { get; init; }

        [CommandOption("--verbose")]
        [Description("Log informational messages (llama.cpp, retries, …) to stderr.")]
        public bool Verbose { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Limit is < 0)
        {
            throw new UsageException("--limit must be a non-negative integer");
        }

        if (settings.OnBadInput is not (null or "skip" or "fail"))
        {
            throw new UsageException($"--on-bad-input must be skip or fail, got '{settings.OnBadInput}'");
        }

        Shard? shard;
        try
        {
            shard = settings.Shard is { } text ? Runs.Shard.Parse(text) : Runs.Shard.FromEnvironment(Environment.GetEnvironmentVariable);
        }
        catch (FormatException ex)
        {
            throw new UsageException(ex.Message);
        }

        PipelineConfig config;
        try
        {
            config = PipelineConfigLoader.Load(settings.Pipeline);
        }
        catch (ConfigException ex)
        {
            throw new UsageException(ex.Message);
        }

        var outDir = settings.Out ?? config.OutputDir ?? throw new UsageException($"{settings.Pipeline}: no output directory: give --out DIR or set output.dir");
        var request = new RunRequest
        {
            Config = config,
            OutputDirectory = outDir,
            Resume = settings.Resume,
            Limit = settings.Limit,
            Seed = settings.Seed,
            Shard = shard,
            OnBadInput = settings.OnBadInput,
            CacheDirectory = settings.Cache,
        };

        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(settings.Verbose ? LogLevel.Information : LogLevel.Warning)
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));

        using var drain = new CancellationTokenSource();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var presses = 0;
        void Interrupt(string what)
        {
            if (Interlocked.Increment(ref presses) == 1)
            {
                Console.Error.WriteLine($"\n{what}: finishing records in flight and writing the journal (press Ctrl+C again to stop now)");
                drain.Cancel();
            }
            else
            {
                Console.Error.WriteLine($"\n{what}: stopping now");
                cancel.Cancel();
            }
        }

        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            Interrupt("interrupt");
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
        {
            ctx.Cancel = true;
            Interrupt("SIGTERM");
        });

        var runner = new PipelineRunner(request, loggerFactory);
        runner.ModelCreated += model =>
        {
            if (model.IsTinyTestModel)
            {
                Console.Error.WriteLine($"note: model '{model.Name}' is the built-in tiny test model (random weights): its outputs are meaningless. "
                    + "Point it at a real GGUF (path: models/your-model.gguf) or an OpenAI-compatible endpoint (provider: openai, endpoint: http://host:8000/v1, model: NAME) to get real data.");
            }
        };
        Console.Error.WriteLine($"midtrain run {config.Name}: {(settings.Resume ? "resuming" : "writing")} {request.RunDirectory}{(shard is null ? string.Empty : $" (shard {shard.Index}/{shard.Count})")}");
        RunOutcome outcome;
        await using (new ProgressDisplay(runner, Console.Error, interactive: !Console.IsErrorRedirected, plainInterval: TimeSpan.FromSeconds(10)))
        {
            outcome = await runner.RunAsync(drain.Token, cancel.Token).ConfigureAwait(false);
        }

        Console.CancelKeyPress -= onCancel;
        if (outcome.Status == RunStatus.Invalid)
        {
            throw new UsageException(outcome.Message);
        }

        Console.Error.WriteLine(outcome.Message);
        return ExitCodes.Of(outcome.Status);
    }
}

using System.ComponentModel;
using System.Diagnostics;
using MidTrain.Orchestrator.Verification;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary><c>midtrain verify KIND --in F.jsonl --out F.jsonl</c>: adds a <c>verdict</c> to every line, in input order.</summary>
internal sealed class VerifyCommand : AsyncCommand<VerifyCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--in <FILE>")]
        [Description("Input JSONL file.")]
        public string? In { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Output JSONL file: each input line plus a `verdict` object, in input order.")]
        public string? Out { get; init; }

        [CommandOption("--concurrency <N>")]
        [Description("Lines verified at once (default: the verifier's own default, usually the number of cores).")]
        public int? Concurrency { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var kind = context.Name;
        if (!LineVerifierCatalog.Kinds.TryGetValue(kind, out var factory))
        {
            throw new UsageException($"unknown verifier '{kind}'");
        }

        if (string.IsNullOrEmpty(settings.In))
        {
            throw new UsageException("--in is required");
        }

        if (string.IsNullOrEmpty(settings.Out))
        {
            throw new UsageException("--out is required");
        }

        if (!File.Exists(settings.In))
        {
            throw new UsageException($"--in: file not found: {settings.In}");
        }

        var verifier = factory();
        var started = Stopwatch.GetTimestamp();
        var summary = await VerifyFileRunner.RunAsync(verifier, settings.In, settings.Out, settings.Concurrency ?? verifier.DefaultConcurrency, cancellationToken).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.Error.WriteLine($"verify {kind}: {summary.Lines} lines, {summary.Pass} pass, {summary.Fail} fail, {summary.Invalid} invalid in {seconds:0.00} s → {settings.Out}");
        (verifier as IDisposable)?.Dispose();
        return ExitCodes.Success;
    }
}

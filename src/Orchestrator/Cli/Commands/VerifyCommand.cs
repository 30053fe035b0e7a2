using System.ComponentModel;
using System.Diagnostics;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Components;
using MidTrain.Orchestrator.Verification;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain verify KIND --in F.jsonl --out F.jsonl [--set KEY=VALUE]…</c>: adds a <c>verdict</c> to every line, in
/// input order, with the same verifier (factory, options, <c>IVerifier</c>) a <c>verify: KIND</c> stage uses.
/// </summary>
internal sealed class VerifyCommand : AsyncCommand<VerifyCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--in <FILE>")]
        [Description("Input JSONL file: flat lines (e.g. gold + prediction for math) or samples (e.g. a run's accepted.jsonl).")]
        public string? In { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Output JSONL file: each input line plus a `verdict` object, in input order.")]
        public string? Out { get; init; }

        [CommandOption("--concurrency <N>")]
        [Description("Lines verified at once (default: the number of cores).")]
        public int? Concurrency { get; init; }

        [CommandOption("--set <KEY=VALUE>")]
        [Description("A verifier option, as the verify: stage takes it (repeatable), e.g. --set precision=3.")]
        public string[] Set { get; init; } = [];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var kind = context.Name;
        var factory = BuiltInComponents.Catalog.Find<IVerifierFactory>(kind) ?? throw new UsageException($"unknown verifier '{kind}'");
        UsageException.RequireFile(settings.In, "--in");
        UsageException.Require(settings.Out, "--out");

        var components = new ComponentContext { Catalog = BuiltInComponents.Catalog };
        var mapping = SetOptions.Parse(settings.Set);
        var verifier = OptionsBinder.Located(mapping, () => factory.Create(OptionsBinder.Bind(factory.OptionsType, mapping), components));
        try
        {
            var started = Stopwatch.GetTimestamp();
            var summary = await VerifyFileRunner.RunAsync(verifier, factory.FileAnswerField, settings.In, settings.Out, settings.Concurrency ?? Environment.ProcessorCount, cancellationToken).ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            Console.Error.WriteLine($"verify {kind}: {summary.Lines} lines, {summary.Pass} pass, {summary.Fail} fail, {summary.Invalid} invalid in {seconds:0.00} s → {settings.Out}");
            return ExitCodes.Success;
        }
        finally
        {
            await ComponentLifetime.DisposeAsync(verifier).ConfigureAwait(false);
        }
    }
}

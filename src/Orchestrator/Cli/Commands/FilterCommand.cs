using System.ComponentModel;
using System.Diagnostics;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Filters.Components;
using MidTrain.Orchestrator.Components;
using MidTrain.Orchestrator.Filtering;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain filter KIND --in F.jsonl --out F.jsonl [--rejected R.jsonl] [--set KEY=VALUE]…</c>: the filter of a
/// <c>filter: KIND</c> stage over a file; kept lines to --out, rejected and bad lines to --rejected.
/// </summary>
internal sealed class FilterCommand : AsyncCommand<FilterCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--in <FILE>")]
        [Description("Input JSONL: documents ({id, text, ...}) or samples (lines with messages, e.g. a run's accepted.jsonl).")]
        public string? In { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Kept lines (texts rewritten, annotations added as fields), in input order.")]
        public string? Out { get; init; }

        [CommandOption("--rejected <FILE>")]
        [Description("Rejected and bad lines, each with a `rejection` object (default: OUT with .rejected.jsonl).")]
        public string? Rejected { get; init; }

        [CommandOption("--text-field <NAME>")]
        [Description("The field of a document line that holds its text (default: text).")]
        public string TextField { get; init; } = "text";

        [CommandOption("--concurrency <N>")]
        [Description("Lines filtered at once (default: the number of cores).")]
        public int? Concurrency { get; init; }

        [CommandOption("--set <KEY=VALUE>")]
        [Description("A filter option, as the filter: stage takes it (repeatable), e.g. --set action=reject; a list as [[a, b]].")]
        public string[] Set { get; init; } = [];
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var kind = context.Name;
        var factory = BuiltInComponents.Catalog.Find<IFilterFactory>(kind) ?? throw new UsageException($"unknown filter '{kind}'");
        UsageException.RequireFile(settings.In, "--in");
        UsageException.Require(settings.Out, "--out");
        var rejected = settings.Rejected ?? Path.ChangeExtension(settings.Out, null) + ".rejected.jsonl";
        var mapping = SetOptions.Parse(settings.Set);
        var filter = OptionsBinder.Located(mapping, () => factory.Create(OptionsBinder.Bind(factory.OptionsType, mapping), new ComponentContext { Catalog = BuiltInComponents.Catalog }));
        var started = Stopwatch.GetTimestamp();
        var summary = await FilterFileRunner.RunAsync(filter, settings.In, settings.Out, rejected, settings.TextField, settings.Concurrency ?? Environment.ProcessorCount, cancellationToken).ConfigureAwait(false);
        Console.Error.WriteLine($"filter {kind}: {summary.Lines} lines, {summary.Kept} kept ({summary.Rewritten} rewritten), {summary.Rejected} rejected, {summary.BadInput} bad input "
            + $"in {Stopwatch.GetElapsedTime(started).TotalSeconds:0.00} s → {settings.Out}, {rejected}");
        (filter as IDisposable)?.Dispose();
        return ExitCodes.OfFailures(summary.BadInput);
    }
}

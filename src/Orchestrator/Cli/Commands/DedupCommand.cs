using System.ComponentModel;
using MidTrain.Generators.Dedup;
using MidTrain.Orchestrator.Runs;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain dedup RUN_DIR... --out DIR [--jaccard J] [--shingle N]</c>: combines finished run directories into one
/// dataset without near-duplicate samples across them (the rule of the generate stage: the smallest canonical key of each
/// cluster is kept). Exit codes as <c>merge</c>.
/// </summary>
internal sealed class DedupCommand : Command<DedupCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_DIR>")]
        [Description("Finished run directories (or folders of shard-IIII-of-NNNN run directories).")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("--out <DIR>")]
        [Description("The deduplicated dataset directory (must not exist or be empty).")]
        public string? Out { get; init; }

        [CommandOption("--jaccard <J>")]
        [Description("Estimated word-shingle Jaccard similarity at or above which two questions are near-duplicates (default: the first run's, else 0.7).")]
        public double? Jaccard { get; init; }

        [CommandOption("--shingle <N>")]
        [Description("Words per shingle (default: the first run's, else 2).")]
        public int? Shingle { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Inputs.Length == 0)
        {
            throw new UsageException("give one or more finished run directories");
        }

        var output = UsageException.Require(settings.Out, "--out");
        try
        {
            var runs = RunMerger.FindRunDirectories(settings.Inputs);
            NearDuplicateOptions? options = null;
            if (settings.Jaccard is not null || settings.Shingle is not null)
            {
                // A flag not given keeps the first run's value (else the default), as --help says.
                var recorded = RunMerger.RecordedNearDuplicateOptions(runs);
                options = new NearDuplicateOptions
                {
                    Jaccard = settings.Jaccard ?? recorded.Jaccard,
                    ShingleWords = settings.Shingle ?? recorded.ShingleWords,
                    Permutations = recorded.Permutations,
                    Bands = recorded.Bands,
                    Seed = recorded.Seed,
                };
                try
                {
                    options.Validate();
                }
                catch (Core.Configuration.OptionsValidationException ex)
                {
                    throw new UsageException($"--{ex.Key}: {ex.Detail}");
                }
            }

            var manifest = new RunMerger().Deduplicate(runs, output, options, cancellationToken);
            var counts = manifest["counts"]!;
            var settlement = manifest["settlement"]!;
            var failed = counts["failed"]!.GetValue<long>();
            Console.Error.WriteLine($"dedup of {runs.Count} run{(runs.Count == 1 ? string.Empty : "s")} → {output}: {settlement["texts"]} samples, "
                + $"{settlement["clusters"]} clusters, {settlement["rejected"]} near-duplicates rejected; {counts["accepted"]} accepted, {counts["rejected"]} rejected, {failed} failed");
            return ExitCodes.OfFailures(failed);
        }
        catch (RunMergeException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}

using System.ComponentModel;
using MidTrain.Orchestrator.Runs;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain merge DIR... [--out DIR] [--allow-missing-shards]</c>: combines the shard run directories of one
/// sharded run (DESIGN §7) into one dataset directory. Exit codes as <c>run</c>: 0 merged, 1 merged and the dataset
/// holds failed records, 2 the shards cannot be merged (the message says which and why).
/// </summary>
internal sealed class MergeCommand : Command<MergeCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<DIR>")]
        [Description("A folder of shard-IIII-of-NNNN run directories (as --shard writes them), or the shard run directories themselves.")]
        public string[] Inputs { get; init; } = [];

        [CommandOption("--out <DIR>")]
        [Description("The merged dataset directory (must not exist or be empty). Default: merged/ in the folder given, when one folder is given.")]
        public string? Out { get; init; }

        [CommandOption("--allow-missing-shards")]
        [Description("Merge the shards present even if some are missing; the manifest says 'partial' and lists them.")]
        public bool AllowMissingShards { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Inputs.Length == 0)
        {
            throw new UsageException("give the folder holding the shard directories (or the shard directories)");
        }

        var output = settings.Out ?? (settings.Inputs.Length == 1 ? Path.Combine(settings.Inputs[0], "merged") : throw new UsageException("--out is required when several directories are given"));
        try
        {
            var shards = RunMerger.FindRunDirectories(settings.Inputs);
            var manifest = new RunMerger().Merge(shards, output, settings.AllowMissingShards, cancellationToken);
            var counts = manifest["counts"]!;
            var failed = counts["failed"]!.GetValue<long>();
            Console.Error.WriteLine($"merged {shards.Count} shard{(shards.Count == 1 ? string.Empty : "s")} ({manifest["status"]}) → {output}: "
                + $"{counts["records_read"]} records read, {counts["accepted"]} accepted, {counts["rejected"]} rejected, {failed} failed");
            return ExitCodes.OfFailures(failed);
        }
        catch (RunMergeException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}

using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;
using MidTrain.Models;
using MidTrain.Models.Remote.Batch;
using MidTrain.Orchestrator.Runs;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain batches RUN_DIR [--cancel] [--json] [--offline]</c>: lists the provider batches a run in batch mode
/// (<c>batch: true</c>) submitted, with their recorded state and, for open ones, the provider's live status; with
/// <c>--cancel</c> cancels the open ones. The run's manifest names each model's endpoint and key variable.
/// </summary>
internal sealed class BatchesCommand : AsyncCommand<BatchesCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_DIR>")]
        [Description("The run directory.")]
        public string RunDirectory { get; init; } = string.Empty;

        [CommandOption("--cancel")]
        [Description("Cancel every batch the provider may still be working on (a later --resume submits their requests again).")]
        public bool Cancel { get; init; }

        [CommandOption("--json")]
        [Description("Print the batches as a JSON array on stdout.")]
        public bool Json { get; init; }

        [CommandOption("--offline")]
        [Description("Only what the run directory records; do not ask the provider.")]
        public bool Offline { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(settings.RunDirectory))
        {
            throw new UsageException($"{settings.RunDirectory}: no such run directory");
        }

        if (settings.Cancel && settings.Offline)
        {
            throw new UsageException("--cancel needs the provider: drop --offline");
        }

        var records = BatchAdmin.Read(settings.RunDirectory);
        var models = settings.Offline ? [] : Models(settings.RunDirectory);
        var rows = new JsonArray();
        var failures = 0;
        foreach (var record in records)
        {
            string? live = null;
            string? note = null;
            if (record.Open && record.BatchId is { } batchId && !settings.Offline)
            {
                if (!models.TryGetValue(record.Model, out var spec))
                {
                    note = "model not in the manifest";
                }
                else
                {
                    try
                    {
                        live = settings.Cancel
                            ? await BatchAdmin.CancelAsync(spec, batchId, cancellationToken).ConfigureAwait(false)
                            : await BatchAdmin.StatusAsync(spec, batchId, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ModelCallException ex)
                    {
                        failures++;
                        note = ex.Message;
                    }
                }
            }

            rows.Add(new JsonObject
            {
                ["model"] = record.Model,
                ["batch"] = record.BatchId,
                ["submission"] = record.Submission,
                ["requests"] = record.Requests,
                ["state"] = record.State,
                ["status"] = live ?? record.Status,
                ["submitted_at"] = record.SubmittedAt.ToString("O", CultureInfo.InvariantCulture),
                ["note"] = note,
            });
        }

        if (settings.Json)
        {
            Console.Out.WriteLine(rows.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        else if (rows.Count == 0)
        {
            Console.Error.WriteLine($"{settings.RunDirectory}: no batches recorded (the run has no model with batch: true, or submitted none yet)");
        }
        else
        {
            Console.Error.WriteLine($"{"model",-12} {"batch",-32} {"requests",8}  {"state",-10} {"status",-12} submitted");
            foreach (var row in rows)
            {
                Console.Error.WriteLine($"{row!["model"],-12} {row["batch"]?.ToString() ?? "-",-32} {row["requests"],8}  {row["state"],-10} {row["status"]?.ToString() ?? "-",-12} {row["submitted_at"]}{(row["note"] is { } n ? "  (" + n + ")" : string.Empty)}");
            }

            var open = records.Count(r => r.Open);
            Console.Error.WriteLine(settings.Cancel
                ? $"{open - failures} of {open} open batch{(open == 1 ? string.Empty : "es")} cancelled; a later --resume submits their requests again"
                : $"{records.Count} batch{(records.Count == 1 ? string.Empty : "es")}, {open} open");
        }

        return failures > 0 ? ExitCodes.Aborted : ExitCodes.Success;
    }

    /// <summary>The batch-mode models of the run, bound from the configuration its manifest records.</summary>
    private static Dictionary<string, ModelSpec> Models(string runDirectory)
    {
        var result = new Dictionary<string, ModelSpec>(StringComparer.Ordinal);
        var path = Path.Combine(runDirectory, RunFiles.Manifest);
        if (!File.Exists(path) || JsonNode.Parse(File.ReadAllText(path))?["config"]?["models"] is not JsonObject models)
        {
            return result;
        }

        foreach (var (name, definition) in models)
        {
            try
            {
                if (ConfigJson.FromJson(definition, path, $"config.models.{name}") is ConfigMapping mapping && mapping["batch"] is not null)
                {
                    result[name] = ModelSpec.Bind(name, mapping);
                }
            }
            catch (ConfigException ex)
            {
                throw new UsageException($"{ex.Message} (the model's definition in {path}; is its key variable set?)");
            }
        }

        return result;
    }
}

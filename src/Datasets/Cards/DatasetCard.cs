using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Datasets.Statistics;

namespace MidTrain.Datasets.Cards;

/// <summary>
/// Renders a dataset card (DESIGN §4): YAML front matter in the Hugging Face card format (<c>license</c>,
/// <c>language</c>, <c>task_categories</c>, <c>size_categories</c>, <c>configs</c>, <c>tags</c>, and a <c>midtrain</c>
/// block with the counts), then plain Markdown sections: summary, data files, pipeline (stages, options, models with
/// fingerprints, prompts with sha256, verifiers), counts and yield per stage, attribute distributions, judge score
/// histograms, generation figures and how to reproduce. Everything comes from the manifest's stable fields and from
/// the output files, and every table is sorted, so a resumed run and an uninterrupted one get the same card; the only
/// timestamp is <c>midtrain.finished_at</c> in the front matter. Stateless and thread-safe.
/// </summary>
public static class DatasetCard
{
    private const int MaxValuesShown = 20;

    /// <summary>Renders the card.</summary>
    /// <param name="manifest">The run's (or merge's) manifest.</param>
    /// <param name="tally">The run's output files, tallied.</param>
    /// <param name="profile">The rows the card describes (the accepted samples, or the exported rows).</param>
    /// <param name="files">The data files, for <c>configs</c>.</param>
    /// <param name="export">What the export did, for an exported dataset; null for a run directory.</param>
    public static string Render(RunManifestView manifest, RunTally tally, SampleProfile profile, IReadOnlyList<DataFileSet> files, ExportDescription? export = null)
    {
        var text = new StringBuilder();
        text.Append(FrontMatter.Write(Metadata(manifest, profile, files, export)));
        text.Append('\n');
        var flows = StageFlow.Compute(manifest.Stages, tally, manifest.Count("records_done"));
        Title(text, manifest, profile, export);
        Summary(text, manifest, tally, profile, export);
        DataFiles(text, files, export);
        Pipeline(text, manifest, tally);
        Counts(text, flows, tally);
        Attributes(text, profile);
        Judges(text, profile, tally, export);
        Generation(text, manifest, tally, profile, export);
        Reproduce(text, manifest, export);
        return text.ToString();
    }

    private static List<KeyValuePair<string, object?>> Metadata(RunManifestView manifest, SampleProfile profile, IReadOnlyList<DataFileSet> files, ExportDescription? export)
    {
        var metadata = new List<KeyValuePair<string, object?>>
        {
            new("license", manifest.License ?? "other"),
        };
        if (profile.LanguageCodes.Count > 0)
        {
            metadata.Add(new("language", profile.LanguageCodes.Order(StringComparer.Ordinal).ToList()));
        }

        var generates = manifest.Stages.Any(s => s.Kind == "generate");
        metadata.Add(new("task_categories", generates || profile.Samples > 0 ? new List<string> { "question-answering", "text-generation" } : ["text-generation"]));
        metadata.Add(new("size_categories", new List<string> { SizeCategory(profile.Rows) }));
        metadata.Add(new("pretty_name", manifest.Name));
        metadata.Add(new("tags", new List<string> { "synthetic", "midtrain" }));
        metadata.Add(new("configs", files.GroupBy(f => f.ConfigName).Select(config => (object)new List<KeyValuePair<string, object?>>
        {
            new("config_name", config.Key),
            new("data_files", config.Select(f => (object)new List<KeyValuePair<string, object?>>
            {
                new("split", f.Split),
                new("path", f.Paths.ToList()),
            }).ToList()),
        }).ToList()));
        var counts = new List<KeyValuePair<string, object?>>
        {
            new("input_records", manifest.Count("records_done")),
            new("accepted", manifest.Count("accepted")),
            new("rejected", manifest.Count("rejected")),
            new("failed", manifest.Count("failed")),
        };
        var midtrain = new List<KeyValuePair<string, object?>>
        {
            new("version", manifest.Version),
            new("pipeline", manifest.ConfigFile),
            new("config_sha256", manifest.ConfigSha256),
            new("seed", manifest.Seed),
            new("status", manifest.Status),
            new("counts", counts),
            new("rows", files.Select(f => new KeyValuePair<string, object?>(f.Split, f.Rows)).ToList()),
        };
        if (manifest.Limit is { } limit)
        {
            midtrain.Add(new("limit", limit));
        }

        if (manifest.Shard is { } shard)
        {
            midtrain.Add(new("shard", $"{shard.Index}/{shard.Count}"));
        }

        if (export is not null)
        {
            midtrain.Add(new("export_format", export.Format));
        }

        midtrain.Add(new("finished_at", manifest.FinishedAt));
        metadata.Add(new("midtrain", midtrain));
        return metadata;
    }

    /// <summary>The Hugging Face <c>size_categories</c> bucket of <paramref name="rows"/>.</summary>
    public static string SizeCategory(long rows) => rows switch
    {
        < 1_000 => "n<1K",
        < 10_000 => "1K<n<10K",
        < 100_000 => "10K<n<100K",
        < 1_000_000 => "100K<n<1M",
        < 10_000_000 => "1M<n<10M",
        < 100_000_000 => "10M<n<100M",
        < 1_000_000_000 => "100M<n<1B",
        < 10_000_000_000 => "1B<n<10B",
        < 100_000_000_000 => "10B<n<100B",
        < 1_000_000_000_000 => "100B<n<1T",
        _ => "n>1T",
    };

    private static void Title(StringBuilder text, RunManifestView manifest, SampleProfile profile, ExportDescription? export)
    {
        text.Append("# ").Append(manifest.Name).Append("\n\n");
        if (manifest.Description is { } description)
        {
            text.Append(description.Trim()).Append("\n\n");
        }

        var what = profile.Samples > 0 ? "Synthetic instruction data" : "Curated text";
        text.Append(what).Append(" made with MidTrain");
        if (manifest.Version is { } version)
        {
            text.Append(' ').Append(version);
        }

        if (manifest.InputPath is { } input)
        {
            text.Append(" from `").Append(input).Append('`');
        }

        if (manifest.ConfigFile is { } file)
        {
            text.Append(" by the pipeline `").Append(file).Append('`');
        }

        text.Append(export is null ? "." : $", exported as `{export.Format}`.").Append('\n');
        if (manifest.Status is { } status && status != "completed")
        {
            text.Append("\n> **Note:** the run's status is `").Append(status).Append(status == "partial"
                ? "`: some shards are missing, so this dataset covers part of the input."
                : "`: it did not finish, so the files hold part of the input.").Append('\n');
        }

        text.Append('\n');
    }

    private static void Summary(StringBuilder text, RunManifestView manifest, RunTally tally, SampleProfile profile, ExportDescription? export)
    {
        text.Append("## Summary\n\n");
        var table = new MarkdownTable("figure", "value");
        table.Row(export is null ? "rows (accepted)" : "rows (exported)", N(profile.Rows));
        var records = manifest.Count("records_done");
        table.Row("input records processed", records is { } r ? N(r) : "–");
        table.Row("accepted / rejected / failed", $"{N(tally.Accepted)} / {N(tally.Rejected)} / {N(tally.Failed)}");
        if (records is > 0)
        {
            table.Row("accepted per input record", Ratio(tally.Accepted / (double)records.Value));
        }

        if (profile.LanguageCodes.Count > 0)
        {
            table.Row("languages", string.Join(", ", profile.LanguageCodes));
        }

        if (manifest.ConfigFile is { } file)
        {
            table.Row("pipeline", $"`{file}`");
        }

        if (manifest.ConfigSha256 is { } sha)
        {
            table.Row("pipeline sha256", $"`{sha}`");
        }

        if (manifest.Seed is { } seed)
        {
            table.Row("seed", seed.ToString(CultureInfo.InvariantCulture));
        }

        if (manifest.Limit is { } limit)
        {
            table.Row("--limit", N(limit));
        }

        if (manifest.Shard is { } shard)
        {
            table.Row("shard", $"{shard.Index}/{shard.Count}");
        }

        table.Row("license", manifest.License ?? "other (set `card: {license: …}` in the pipeline file)");
        table.WriteTo(text);
        if (manifest.IsMerge)
        {
            var shards = manifest.Json["shards"]!;
            var missing = shards["missing"] as JsonArray ?? [];
            var merged = shards["merged"] as JsonArray ?? [];
            text.Append(missing.Count == 0
                ? $"Merged from all {shards["count"]} shards."
                : $"**Partial**: merged from {merged.Count} of {shards["count"]} shards; missing: {string.Join(", ", missing.Select(m => m?.ToJsonString()))}.");
            text.Append(" Per-shard stage reports stay in the shard directories listed under `merged_from` in `manifest.json`.\n\n");
        }
    }

    private static void DataFiles(StringBuilder text, IReadOnlyList<DataFileSet> files, ExportDescription? export)
    {
        text.Append("## Data files\n\n");
        var table = new MarkdownTable("config", "split", "files", ">rows");
        foreach (var set in files)
        {
            var shown = set.Paths.Count <= 4 ? string.Join(", ", set.Paths.Select(p => $"`{p}`")) : $"`{set.Paths[0]}` … `{set.Paths[^1]}` ({set.Paths.Count} files)";
            table.Row(set.ConfigName, set.Split, shown, N(set.Rows));
        }

        table.WriteTo(text);
        text.Append(export?.Format switch
        {
            "hf" => "Parquet, one row per sample: `id`, `messages` (list of `{role, content}`), `source`, `attributes`, `verdicts`, `judgements`, `lineage`, `fields` (JSON text); the `rejected` split adds `rejection`. `datasets.load_dataset(\"DIR\")` (or the Hub repo the folder is pushed to) reads the splits the `configs` above name.\n\n",
            "messages" => "JSON Lines, one `{\"messages\": [{\"role\", \"content\"}, …]}` per sample: the chat format SFT trainers (TRL, axolotl, LLaMA-Factory) read.\n\n",
            "preference" => "JSON Lines, one `{\"prompt\", \"chosen\", \"rejected\"}` per pair, each a list of `{role, content}` messages (TRL's conversational preference format).\n\n",
            _ => "JSON Lines as MidTrain writes them (`docs/format.md`): each sample has `id`, `source`, `messages`, `attributes`, `verdicts`, `judgements`, `lineage`; `rejected.jsonl` adds the `rejection`, `failed.jsonl` holds what could not be processed. `manifest.json` has the configuration and fingerprints.\n\n",
        });
        if (export is not null && export.Notes.Count > 0)
        {
            foreach (var note in export.Notes)
            {
                text.Append("- ").Append(note).Append('\n');
            }

            text.Append('\n');
        }
    }

    private static void Pipeline(StringBuilder text, RunManifestView manifest, RunTally tally)
    {
        text.Append("## Pipeline\n\n");
        if (manifest.Stages.Count == 0)
        {
            text.Append("The manifest records no stages.\n\n");
        }
        else
        {
            foreach (var stage in manifest.Stages)
            {
                text.Append(stage.Index + 1).Append(". **").Append(stage.Name).Append("** (").Append(stage.Kind).Append(')');
                var options = string.Join(", ", stage.Options.Where(kv => kv.Key != "name").Select(kv => $"{kv.Key}: {Inline(kv.Value)}"));
                if (options.Length > 0)
                {
                    text.Append(": ").Append(Clip(options, 600));
                }

                if (stage.Kind == "verify" && (stage.Verifier ?? stage.ValueList.FirstOrDefault()) is { } verifier)
                {
                    text.Append("; verifier `").Append(verifier).Append('`');
                }

                if (stage.Kind == "judge" && stage.ValueList.Count > 0)
                {
                    text.Append("; criteria ").Append(string.Join(", ", stage.ValueList.Select(c => $"`{c}`")));
                }

                text.Append('\n');
            }

            text.Append('\n');
        }

        var models = manifest.Models;
        if (models.Count > 0)
        {
            var table = new MarkdownTable("model", "id", "fingerprint");
            foreach (var (name, model, fingerprint) in models)
            {
                table.Row(name, model, fingerprint is null ? null : $"`{fingerprint}`");
            }

            text.Append("Models (the fingerprint pins the weights: GGUF sha256, or endpoint + model id):\n\n");
            table.WriteTo(text);
        }

        if (manifest.TotalUsage is { } total)
        {
            var priced = total.CostUsd is not null;
            var table = priced
                ? new MarkdownTable("model / stage", ">requests", ">tokens in", ">cached", ">tokens out", ">cost (USD)")
                : new MarkdownTable("model / stage", ">requests", ">tokens in", ">cached", ">tokens out");
            void Row(string name, UsageRow row)
            {
                string? Figure(long? n) => n?.ToString("N0", CultureInfo.InvariantCulture);
                var cells = new List<string?> { name, Figure(row.Requests), Figure(row.TokensIn), Figure(row.TokensCached), Figure(row.TokensOut) };
                if (priced)
                {
                    cells.Add(row.CostUsd?.ToString("0.00##", CultureInfo.InvariantCulture));
                }

                table.Row([.. cells]);
            }

            foreach (var model in manifest.ModelUsage)
            {
                Row($"model `{model.Name}`", model);
            }

            foreach (var stage in manifest.StageUsage)
            {
                Row($"stage `{stage.Name}`", stage);
            }

            Row("**total**", total);
            text.Append(priced
                ? "\nModel usage over every session of the run (requests that reached a backend; cost from the prices in the pipeline file, batch discount applied):\n\n"
                : "\nModel usage over every session of the run (requests that reached a backend):\n\n");
            table.WriteTo(text);
        }

        var prompts = manifest.Prompts;
        if (prompts.Count > 0)
        {
            var table = new MarkdownTable("prompt", "used by", "sha256");
            foreach (var (id, sha, _) in prompts)
            {
                var usedBy = tally.Prompts.Where(p => p.Prompt == id).Select(p => StageOf(manifest, p.Stage))
                    .Concat(manifest.Stages.Where(s => s.Kind == "judge" && s.ValueList.Any(c => c == id || c.EndsWith("/" + id, StringComparison.Ordinal) || Path.GetFileNameWithoutExtension(c) == id)).Select(s => s.Name))
                    .Distinct().Order(StringComparer.Ordinal);
                table.Row(id, string.Join(", ", usedBy), sha is null ? null : $"`{sha}`");
            }

            text.Append("Prompts:\n\n");
            table.WriteTo(text);
        }

        if (tally.Verifiers.Count > 0)
        {
            text.Append("Verifiers seen in the verdicts: ").Append(string.Join(", ", tally.Verifiers.Select(v => v.Version.Length > 0 ? $"`{v.Name}` {v.Version}" : $"`{v.Name}`"))).Append(".\n\n");
        }
    }

    private static void Counts(StringBuilder text, IReadOnlyList<StageFlow> flows, RunTally tally)
    {
        text.Append("## Counts and yield\n\n");
        if (flows.Count > 0)
        {
            var table = new MarkdownTable(">#", "stage", ">in", ">out", ">rejected", ">failed", ">yield");
            foreach (var flow in flows)
            {
                table.Row((flow.Stage.Index + 1).ToString(CultureInfo.InvariantCulture), flow.Stage.Name, Maybe(flow.In), Maybe(flow.Out), N(flow.Rejected), N(flow.Failed), flow.Yield is { } y ? Ratio(y) : "–");
            }

            table.WriteTo(text);
            text.Append("Derived from the output files (every item ends in exactly one of them). A chunk stage counts documents in and passages out, a generation stage passages in (those that produced a sample or failed) and samples out; `–` where the files cannot tell.\n\n");
        }

        if (tally.FailedIn("input") is > 0 and var bad)
        {
            text.Append("Bad input records (never reached a stage): ").Append(N(bad)).Append(".\n\n");
        }

        if (tally.Rejections.Count > 0)
        {
            var table = new MarkdownTable("stage", "rejected by", ">count", "reason (first in sort order)");
            foreach (var ((stage, by), (count, reason)) in tally.Rejections.OrderBy(r => r.Key.Stage, StringComparer.Ordinal).ThenByDescending(r => r.Value.Count).ThenBy(r => r.Key.By, StringComparer.Ordinal))
            {
                table.Row(stage, by.Length == 0 ? "–" : by, N(count), Clip(reason, 120));
            }

            text.Append("Rejections:\n\n");
            table.WriteTo(text);
        }

        if (tally.Failures.Count > 0)
        {
            var table = new MarkdownTable("stage", "kind", ">count");
            foreach (var ((stage, kind), count) in tally.Failures.OrderBy(f => f.Key.Stage, StringComparer.Ordinal).ThenByDescending(f => f.Value).ThenBy(f => f.Key.Kind, StringComparer.Ordinal))
            {
                table.Row(stage, kind, N(count));
            }

            text.Append("Failures (in `failed.jsonl`):\n\n");
            table.WriteTo(text);
        }
    }

    private static void Attributes(StringBuilder text, SampleProfile profile)
    {
        if (profile.Attributes.Count == 0)
        {
            return;
        }

        text.Append("## Attributes\n\n");
        foreach (var (name, counts) in profile.Attributes)
        {
            text.Append("### `").Append(name).Append("`\n\n");
            var table = new MarkdownTable("value", ">rows", ">share");
            foreach (var (value, count) in counts.ByCount().Take(MaxValuesShown))
            {
                table.Row(Clip(value, 80), N(count), Percent(count, profile.Samples));
            }

            var shownTotal = counts.ByCount().Take(MaxValuesShown).Sum(kv => kv.Value);
            var rest = counts.Total - shownTotal;
            if (rest > 0)
            {
                var values = counts.Count - Math.Min(counts.Count, MaxValuesShown);
                table.Row(counts.Other > 0 ? $"({N(values)}+ other values)" : $"({N(values)} other values)", N(rest), Percent(rest, profile.Samples));
            }

            var missing = profile.Samples - counts.Total;
            if (missing > 0)
            {
                table.Row("(not set)", N(missing), Percent(missing, profile.Samples));
            }

            table.WriteTo(text);
        }
    }

    private static void Judges(StringBuilder text, SampleProfile profile, RunTally tally, ExportDescription? export)
    {
        var raters = profile.Judges.Raters.Concat(tally.Judges.Raters).Distinct().Order(StringComparer.Ordinal).ToList();
        if (raters.Count == 0)
        {
            return;
        }

        text.Append("## Judge scores\n\n");
        var these = export is null ? "accepted" : "exported";
        text.Append($"Scores per criterion: in this dataset ({these}) and over every judged sample of the run (accepted and rejected).\n\n");
        foreach (var rater in raters)
        {
            text.Append("### ").Append(rater).Append("\n\n");
            var mine = profile.Judges.Scores(rater);
            var all = tally.Judges.Scores(rater);
            var scores = (mine?.Keys ?? []).Concat(all?.Keys ?? []).Distinct()
                .OrderBy(s => double.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var table = new MarkdownTable("score", $">{these}", ">all judged", "histogram (all judged)");
            var max = scores.Select(s => all?.GetValueOrDefault(s) ?? 0).DefaultIfEmpty(0).Max();
            foreach (var score in scores)
            {
                var allCount = all?.GetValueOrDefault(score) ?? 0;
                table.Row(score, N(mine?.GetValueOrDefault(score) ?? 0), N(allCount), max == 0 ? string.Empty : new string('#', (int)Math.Round(20.0 * allCount / max)));
            }

            if (profile.Judges.Invalid(rater) > 0 || tally.Judges.Invalid(rater) > 0)
            {
                table.Row("invalid", N(profile.Judges.Invalid(rater)), N(tally.Judges.Invalid(rater)), string.Empty);
            }

            table.WriteTo(text);
        }
    }

    private static void Generation(StringBuilder text, RunManifestView manifest, RunTally tally, SampleProfile profile, ExportDescription? export)
    {
        if (tally.SamplesGenerated == 0 && profile.Samples == 0)
        {
            return;
        }

        text.Append("## Generation\n\n");
        var table = new MarkdownTable("figure", "value");
        table.Row("samples generated (accepted + rejected + failed later)", N(tally.SamplesGenerated));
        if (manifest.Stages.Any(s => s.Kind == "generate"))
        {
            table.Row("passages with samples or failures", N(tally.Passages));
            if (tally.Passages > 0)
            {
                table.Row("samples per passage", Ratio(tally.SamplesGenerated / (double)tally.Passages));
            }
        }

        table.Row("near-duplicates rejected", tally.SamplesGenerated == 0 ? "0" : $"{N(tally.NearDuplicates)} ({Percent(tally.NearDuplicates, tally.SamplesGenerated)})");
        var questions = profile.Questions;
        var scope = export is null ? "accepted" : "exported";
        var estimate = questions.IsExact ? string.Empty : " (estimate, ±0.5 %)";
        table.Row($"distinct-1 of the questions ({scope})", questions.Distinct1 is { } d1 ? Ratio(d1) + estimate : "–");
        table.Row($"distinct-2 of the questions ({scope})", questions.Distinct2 is { } d2 ? Ratio(d2) + estimate : "–");
        table.WriteTo(text);
        text.Append("distinct-n = distinct word n-grams ÷ all word n-grams of the first user message (words: runs of letters, digits and non-ASCII characters; ASCII letters case-folded).\n\n");
    }

    private static void Reproduce(StringBuilder text, RunManifestView manifest, ExportDescription? export)
    {
        text.Append("## Reproduce\n\n```bash\n");
        var run = new StringBuilder("./midtrain run ").Append(manifest.ConfigFile ?? "PIPELINE.yaml");
        if (manifest.Seed is { } seed)
        {
            run.Append(" --seed ").Append(seed.ToString(CultureInfo.InvariantCulture));
        }

        if (manifest.Limit is { } limit)
        {
            run.Append(" --limit ").Append(limit.ToString(CultureInfo.InvariantCulture));
        }

        if (manifest.IsMerge && manifest.Json["shards"]?["count"] is { } count)
        {
            text.Append($"for i in $(seq 0 {RunManifestView.Long(count) - 1}); do {run} --shard $i/{count} --out RUN_DIR; done\n");
            text.Append("./midtrain merge RUN_DIR --out MERGED_DIR\n");
        }
        else
        {
            if (manifest.Shard is { } shard)
            {
                run.Append($" --shard {shard.Index}/{shard.Count}");
            }

            text.Append(run).Append(" --out RUN_DIR\n");
        }

        if (export is not null)
        {
            text.Append("./midtrain export ").Append(manifest.IsMerge ? "MERGED_DIR" : "RUN_DIR").Append(" --format ").Append(export.Format);
            foreach (var argument in export.Arguments)
            {
                text.Append(' ').Append(argument);
            }

            text.Append(" --out DIR\n");
        }

        text.Append("```\n\n");
        text.Append("The same pipeline file (check its sha256 above), seed and models (check their fingerprints) give the same data; ")
            .Append("local models are byte-identical at `parallel: 1` or when the response cache (`cache/`, or `--cache DIR`) is replayed. ")
            .Append("`manifest.json` holds the full configuration, versions and prompt hashes.\n");
    }

    /// <summary>The pipeline stage a lineage step belongs to (<c>generate:backtranslation:question</c> → <c>generate:backtranslation</c>).</summary>
    private static string StageOf(RunManifestView manifest, string lineageStage) =>
        manifest.Stages.FirstOrDefault(s => lineageStage == s.Name || lineageStage.StartsWith(s.Name + ":", StringComparison.Ordinal))?.Name ?? lineageStage;

    /// <summary>A JSON option value written as YAML flow style: strings bare, lists in brackets.</summary>
    private static string Inline(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        JsonArray array => "[" + string.Join(", ", array.Select(Inline)) + "]",
        JsonObject map => "{" + string.Join(", ", map.Select(kv => $"{kv.Key}: {Inline(kv.Value)}")) + "}",
        _ => node.ToJsonString(),
    };

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Maybe(long? value) => value is { } v ? N(v) : "–";

    private static string Ratio(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Percent(long part, long whole) => whole == 0 ? "–" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

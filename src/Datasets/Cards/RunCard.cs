using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Datasets.Reading;
using MidTrain.Datasets.Statistics;

namespace MidTrain.Datasets.Cards;

/// <summary>
/// The dataset card of a run directory (or a merged one), <c>README.md</c>: regenerated from the manifest and the
/// output files at the end of every run, resume and merge, so it always describes what the directory holds. One pass
/// over each output file; memory bounded (see <see cref="RunTally"/>). Thread-safe (no shared state).
/// </summary>
public static class RunCard
{
    /// <summary>Renders the card of <paramref name="runDirectory"/> described by <paramref name="manifest"/>.</summary>
    /// <exception cref="DatasetException">An output file is torn (its last line is not terminated).</exception>
    public static string Build(string runDirectory, JsonObject manifest)
    {
        var view = new RunManifestView(manifest);
        var tally = NewTally(view);
        var profile = new SampleProfile();
        Scan(Path.Combine(runDirectory, RunLayout.Accepted), row =>
        {
            tally.AddAccepted(row);
            profile.Add(row);
        });
        Scan(Path.Combine(runDirectory, RunLayout.Rejected), tally.AddRejected);
        Scan(Path.Combine(runDirectory, RunLayout.Failed), tally.AddFailed);
        var files = new List<DataFileSet> { new("default", "train", [RunLayout.Accepted], tally.Accepted) };
        if (tally.Rejected > 0)
        {
            files.Add(new DataFileSet("rejected", "train", [RunLayout.Rejected], tally.Rejected));
        }

        return DatasetCard.Render(view, tally, profile, files);
    }

    /// <summary>Writes the card as <c>README.md</c> in <paramref name="runDirectory"/> (temporary file + rename).</summary>
    public static void Write(string runDirectory, JsonObject manifest)
    {
        var path = Path.Combine(runDirectory, RunLayout.Card);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Build(runDirectory, manifest));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A tally that knows which of the run's stages generate.</summary>
    internal static RunTally NewTally(RunManifestView view) =>
        new(view.Stages.Where(s => s.Kind == "generate").Select(s => s.Name).ToHashSet(StringComparer.Ordinal));

    /// <summary>Parses every line of <paramref name="path"/> (absent = empty) and hands it to <paramref name="add"/>; unparseable lines are skipped.</summary>
    internal static void Scan(string path, Action<JsonElement> add)
    {
        if (!File.Exists(path))
        {
            return;
        }

        using var reader = new RunFileReader(path);
        while (reader.TryRead(out var line))
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line.Bytes);
            }
            catch (JsonException)
            {
                continue;
            }

            using (document)
            {
                add(document.RootElement);
            }
        }
    }
}

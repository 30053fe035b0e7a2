using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Datasets.Cards;

namespace MidTrain.Datasets.Export;

/// <summary>
/// A run directory checked for export: it exists, its manifest is readable and says the run completed (or is a
/// partial merge), and its three output files are present and not torn. Line counts are checked against the manifest
/// as the files are read (<see cref="CheckCount"/>), so a file changed after the run is refused too.
/// </summary>
internal sealed class RunSource
{
    private RunSource(string directory, JsonObject manifest)
    {
        Directory = directory;
        Manifest = manifest;
        View = new RunManifestView(manifest);
    }

    public string Directory { get; }

    public JsonObject Manifest { get; }

    public RunManifestView View { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Checks <paramref name="directory"/>.</summary>
    /// <exception cref="DatasetException">It cannot be exported; the message says what is wrong.</exception>
    public static RunSource Open(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DatasetException($"{directory}: run directory not found");
        }

        var manifestPath = Path.Combine(directory, RunLayout.Manifest);
        if (!File.Exists(manifestPath))
        {
            throw new DatasetException($"{directory}: no {RunLayout.Manifest}: not a MidTrain run directory (or the run never started)");
        }

        JsonObject manifest;
        try
        {
            manifest = JsonNode.Parse(File.ReadAllText(manifestPath)) as JsonObject ?? throw new DatasetException($"{manifestPath}: not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new DatasetException($"{manifestPath}: not valid JSON ({ex.Message})", ex);
        }

        var source = new RunSource(directory, manifest);
        var status = source.View.Status;
        if (status is not ("completed" or "partial"))
        {
            throw new DatasetException($"{directory}: the run is unfinished (status '{status ?? "missing"}'): finish it with midtrain run PIPELINE --out {directory} --resume, then export");
        }

        foreach (var file in new[] { RunLayout.Accepted, RunLayout.Rejected, RunLayout.Failed })
        {
            var path = source.PathOf(file);
            if (!File.Exists(path))
            {
                throw new DatasetException($"{path}: missing (a completed run has all three output files)");
            }

            CheckNotTorn(path);
        }

        return source;
    }

    /// <summary>Throws when <paramref name="lines"/> read from <paramref name="file"/> differs from the manifest's count.</summary>
    public void CheckCount(string file, long lines)
    {
        var key = file switch
        {
            RunLayout.Accepted => "accepted",
            RunLayout.Rejected => "rejected",
            _ => "failed",
        };
        if (View.Count(key) is { } expected && expected != lines)
        {
            throw new DatasetException($"{PathOf(file)}: {lines:N0} lines, but the manifest counts {expected:N0}: the file changed after the run");
        }
    }

    private static void CheckNotTorn(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length == 0)
        {
            return;
        }

        stream.Seek(-1, SeekOrigin.End);
        if (stream.ReadByte() != '\n')
        {
            throw new DatasetException($"{path}: the last line is not terminated (a torn write): resume the run (midtrain run … --resume) to repair it");
        }
    }
}

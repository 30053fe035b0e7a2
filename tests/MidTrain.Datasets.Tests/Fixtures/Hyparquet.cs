using System.Diagnostics;
using System.Text.Json.Nodes;
using MidTrain.Tests;

namespace MidTrain.Datasets.Tests.Fixtures;

/// <summary>
/// Reads Parquet files with hyparquet (JavaScript, installed by <c>.ci/run</c> with <c>npm ci</c> in
/// <c>tests/node</c>), an implementation nobody on the project wrote, through <c>tests/node/read-parquet.mjs</c> run
/// by <c>/usr/bin/node</c>. Tests using it skip, with the reason, where node or the package is absent.
/// </summary>
internal static class Hyparquet
{
    private const string Node = "/usr/bin/node";

    private static string Folder => Path.Combine(TestPaths.RepoRoot, "tests", "node");

    /// <summary>Skips the calling <c>[SkippableFact]</c> when the reader cannot run here.</summary>
    public static void SkipIfUnavailable()
    {
        Skip.IfNot(File.Exists(Node), $"{Node} not found: the Parquet files cannot be checked with hyparquet");
        Skip.IfNot(
            Directory.Exists(Path.Combine(Folder, "node_modules", "hyparquet")) && Directory.Exists(Path.Combine(Folder, "node_modules", "hyparquet-compressors")),
            $"hyparquet is not installed: run 'npm ci' in {Folder} (.ci/run does)");
    }

    /// <summary>Reads <paramref name="files"/>: per file its metadata (rows, row groups, codecs, schema) and its rows.</summary>
    public static async Task<IReadOnlyList<ParquetFileContent>> ReadAsync(params string[] files)
    {
        var info = new ProcessStartInfo(Node)
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("read-parquet.mjs");
        foreach (var file in files)
        {
            info.ArgumentList.Add(file);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Deadline.Within(process.WaitForExitAsync(), TimeSpan.FromMinutes(2), "hyparquet");
        process.ExitCode.Should().Be(0, await stderr);
        var result = new Dictionary<string, ParquetFileContent>(StringComparer.Ordinal);
        foreach (var line in (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var node = JsonNode.Parse(line)!;
            var file = node["file"]!.GetValue<string>();
            if (node["meta"] is JsonObject meta)
            {
                result[file] = new ParquetFileContent(file, meta, []);
            }
            else
            {
                result[file].Rows.Add(node["row"]!.AsObject());
            }
        }

        return files.Select(f => result[f]).ToArray();
    }
}

/// <summary>One Parquet file as hyparquet read it.</summary>
internal sealed record ParquetFileContent(string File, JsonObject Meta, List<JsonObject> Rows)
{
    public long RowCount => Meta["rows"]!.GetValue<long>();

    public int RowGroups => Meta["row_groups"]!.GetValue<int>();

    public JsonArray Schema => Meta["schema"]!.AsArray();
}

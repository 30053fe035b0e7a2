using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using MidTrain.Tests;

namespace MidTrain.Filters.Tests.Decontamination;

/// <summary>Benchmark files written into a temporary directory, deleted on dispose.</summary>
internal sealed class BenchmarkFiles : IDisposable
{
    public BenchmarkFiles() => Directory = TestPaths.NewTempDir("midtrain-decontam");

    public string Directory { get; }

    public string Jsonl(string name, params JsonObject[] records)
    {
        var path = Path.Combine(Directory, name);
        var lines = string.Join('\n', records.Select(r => r.ToJsonString())) + "\n";
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            gzip.Write(Encoding.UTF8.GetBytes(lines));
        }
        else
        {
            File.WriteAllText(path, lines);
        }

        return path;
    }

    public string Text(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

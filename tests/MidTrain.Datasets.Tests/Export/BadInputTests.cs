using MidTrain.Core.Configuration;
using MidTrain.Datasets.Export;
using MidTrain.Datasets.Tests.Fixtures;
using MidTrain.Tests;

namespace MidTrain.Datasets.Tests.Export;

/// <summary>A run directory that is unfinished, torn, incomplete or changed, and an output directory in the way, are refused naming what is wrong; nothing is written.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDir("midtrain-export-bad");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Run(Action<RunDirectoryBuilder>? build = null, Action<System.Text.Json.Nodes.JsonObject>? edit = null)
    {
        var builder = new RunDirectoryBuilder()
            .Accept(RunDirectoryBuilder.Sample("a", "Q?", "A.", scores: new Dictionary<string, double?> { ["helpful"] = 4 }))
            .Reject(RunDirectoryBuilder.Sample("b", "Q2?", "B.", "d2", scores: new Dictionary<string, double?> { ["helpful"] = 1 }), "judge:helpful", "helpful");
        build?.Invoke(builder);
        return builder.Write(Path.Combine(_root, "run-" + Guid.NewGuid().ToString("N")[..6]), edit);
    }

    private Func<Task> Export(string run, string? output = null, ExportOptions? options = null) =>
        () => new DatasetExporter(options ?? new ExportOptions()).ExportAsync(run, output ?? Path.Combine(_root, "out"));

    [Theory]
    [InlineData("interrupted")]
    [InlineData("running")]
    [InlineData("aborted")]
    public async Task ExportAsync_UnfinishedRun_RefusedNamingTheStatus(string status)
    {
        var run = Run(b => b.Status = status);

        await Export(run).Should().ThrowAsync<DatasetException>().WithMessage($"*unfinished (status '{status}')*--resume*");
        Directory.Exists(Path.Combine(_root, "out")).Should().BeFalse();
    }

    [Fact]
    public async Task ExportAsync_MissingOutputFile_RefusedNamingIt()
    {
        var run = Run();
        File.Delete(Path.Combine(run, "failed.jsonl"));

        await Export(run).Should().ThrowAsync<DatasetException>().WithMessage("*failed.jsonl: missing*");
    }

    [Fact]
    public async Task ExportAsync_NoManifest_RefusedAsNotARunDirectory()
    {
        var run = Run();
        File.Delete(Path.Combine(run, "manifest.json"));

        await Export(run).Should().ThrowAsync<DatasetException>().WithMessage("*no manifest.json*");
    }

    [Fact]
    public async Task ExportAsync_TornLastLine_RefusedNamingTheFile()
    {
        var run = Run();
        File.AppendAllText(Path.Combine(run, "accepted.jsonl"), "{\"id\":\"c\",\"mess");

        await Export(run).Should().ThrowAsync<DatasetException>().WithMessage("*accepted.jsonl: the last line is not terminated (a torn write)*");
    }

    [Fact]
    public async Task ExportAsync_FileChangedAfterTheRun_RefusedAndNothingLeft()
    {
        var run = Run();
        File.AppendAllLines(Path.Combine(run, "rejected.jsonl"), [File.ReadAllLines(Path.Combine(run, "rejected.jsonl"))[0]]);

        await Export(run).Should().ThrowAsync<DatasetException>().WithMessage("*rejected.jsonl: 2 lines, but the manifest counts 1*");
        Directory.Exists(Path.Combine(_root, "out")).Should().BeFalse();
        Directory.GetDirectories(_root, ".out.exporting-*").Should().BeEmpty("the temporary folder is removed");
    }

    [Fact]
    public async Task ExportAsync_DocumentsNotSamples_Refused()
    {
        var run = Run();
        File.WriteAllText(Path.Combine(run, "accepted.jsonl"), "{\"id\":\"doc\",\"text\":\"a document\"}\n");

        await Export(run).Should().ThrowAsync<DatasetException>().WithMessage("*holds documents or passages, not samples*");
    }

    [Fact]
    public async Task ExportAsync_NonEmptyOutput_RefusedUnlessOverwrite()
    {
        var run = Run();
        var output = Path.Combine(_root, "taken");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "keep.txt"), "x");

        await Export(run, output).Should().ThrowAsync<DatasetException>().WithMessage("*exists and is not empty*--overwrite*");
        File.Exists(Path.Combine(output, "keep.txt")).Should().BeTrue();

        await Export(run, output, new ExportOptions { Overwrite = true })();
        File.Exists(Path.Combine(output, "keep.txt")).Should().BeFalse();
        File.Exists(Path.Combine(output, "data", "train-00000-of-00001.parquet")).Should().BeTrue();
    }

    [Fact]
    public async Task ExportAsync_OutputHoldingTheRun_Refused()
    {
        var run = Run();

        await Export(run, _root, new ExportOptions { Overwrite = true }).Should().ThrowAsync<DatasetException>().WithMessage("*holds the run directory*");
        Directory.Exists(run).Should().BeTrue();
    }

    [Theory]
    [InlineData("compression", "lz4")]
    [InlineData("include", "rejected")]
    public void Constructor_BadOptions_NameTheKey(string key, string value)
    {
        var options = key == "compression"
            ? new ExportOptions { Compression = value }
            : new ExportOptions { Format = ExportFormat.Messages, IncludeRejected = true };

        var act = () => new DatasetExporter(options);

        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be(key);
    }

    [Theory]
    [InlineData("answerable")]
    [InlineData("=4")]
    [InlineData("answerable=high")]
    public void ScoreThresholdParse_Malformed_SaysWhatIsExpected(string text)
    {
        var act = () => ScoreThreshold.Parse(text);

        act.Should().Throw<FormatException>().WithMessage("*CRITERION=N*");
    }
}

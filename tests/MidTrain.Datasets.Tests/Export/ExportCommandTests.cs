using System.Diagnostics;
using MidTrain.Datasets.Tests.Fixtures;
using MidTrain.Tests;

namespace MidTrain.Datasets.Tests.Export;

/// <summary><c>midtrain export</c> run as a child process: exit codes and messages as a script sees them.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _root = TestPaths.NewTempDir("midtrain-export-cli");

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Run(string status = "completed") => new RunDirectoryBuilder { Status = status }
        .Accept(RunDirectoryBuilder.Sample("a", "Q?", "A.", scores: new Dictionary<string, double?> { ["helpful"] = 4 }))
        .Write(Path.Combine(_root, "run-" + status));

    [Fact]
    public async Task Export_CompletedRun_ExitsZeroAndSaysWhatItWrote()
    {
        var output = Path.Combine(_root, "out");

        var (code, _, stderr) = await Midtrain("export", Run(), "--format", "messages", "--out", output);

        code.Should().Be(0, stderr);
        stderr.Should().Contain("exported 1 rows from 1 accepted samples in 1 file");
        File.Exists(Path.Combine(output, "train.jsonl")).Should().BeTrue();
        File.Exists(Path.Combine(output, "README.md")).Should().BeTrue();
    }

    [Theory]
    [InlineData("interrupted", "unfinished (status 'interrupted')")]
    [InlineData("completed", "exists and is not empty")]
    public async Task Export_UnfinishedRunOrUsedOutput_ExitsTwoWithOneLine(string status, string message)
    {
        var output = Path.Combine(_root, "used");
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "x"), "x");

        var (code, _, stderr) = await Midtrain("export", Run(status), "--out", output);

        code.Should().Be(2);
        stderr.Should().Contain(message);
        stderr.Trim().Split('\n').Should().ContainSingle("errors are one line");
    }

    [Theory]
    [InlineData("--format", "csv", "--format must be hf, messages or preference")]
    [InlineData("--min-score", "answerable", "--min-score: 'answerable' is not CRITERION=N")]
    [InlineData("--include", "failed", "--include: only 'rejected'")]
    [InlineData("--compression", "lz4", "--compression: must be zstd or snappy")]
    public async Task Export_BadFlag_ExitsTwoNamingTheFlag(string flag, string value, string message)
    {
        var (code, _, stderr) = await Midtrain("export", Run(), "--out", Path.Combine(_root, "o"), flag, value);

        code.Should().Be(2);
        stderr.Should().Contain(message);
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Midtrain(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "midtrain.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await Deadline.Within(process.WaitForExitAsync(), TimeSpan.FromSeconds(60), "midtrain export");
        return (process.ExitCode, await stdout, await stderr);
    }
}

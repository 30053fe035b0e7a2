using System.Diagnostics;
using System.Text.Json;
using MidTrain.Orchestrator.Cli.Commands;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Cli;

/// <summary><c>midtrain agreement</c> run as a child process: stdout, stderr and exit codes as a script sees them.</summary>
public sealed class AgreementCommandTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("midtrain-agreement");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Agreement_Json_PrintsOneJsonObjectOnStdout()
    {
        var labels = Write("labels.jsonl",
            """{"item":"q1","rater":"judge:answerable","label":4}""",
            """{"item":"q1","rater":"human","label":5}""",
            """{"item":"q2","rater":"judge:answerable","label":2}""",
            """{"item":"q2","rater":"human","label":2}""",
            """{"item":"q3","rater":"judge:answerable","label":5}""",
            """{"item":"q3","rater":"human","label":4}""",
            """{"item":"q4","rater":"judge:answerable","label":1}""",
            """{"item":"q4","rater":"human","label":1}""");
        var html = Path.Combine(_dir, "report.html");

        var (code, stdout, stderr) = await Deadline.Within(
            Run("agreement", "--in", labels, "--gold", "human", "--json", "--html", html, "--bootstrap", "100", "--seed", "3"), TimeSpan.FromSeconds(60));

        code.Should().Be(0, stderr);
        stdout.TrimEnd('\n').Should().NotContain("\n", "one JSON object on one line");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        root.GetProperty("items").GetInt32().Should().Be(4);
        root.GetProperty("raters").GetInt32().Should().Be(2);
        root.GetProperty("labels").GetInt32().Should().Be(8);
        root.GetProperty("krippendorff_alpha").GetProperty("interval").ValueKind.Should().Be(JsonValueKind.Number);
        root.GetProperty("fleiss_kappa").ValueKind.Should().Be(JsonValueKind.Number);
        root.GetProperty("pairs").GetArrayLength().Should().Be(1);
        root.GetProperty("pairs")[0].GetProperty("percent_agreement").GetDouble().Should().Be(0.5);
        root.GetProperty("vs_gold").GetProperty("raters")[0].GetProperty("rater").GetString().Should().Be("judge:answerable");
        root.GetProperty("bootstrap").GetProperty("resamples").GetInt32().Should().Be(100);
        File.ReadAllText(html).Should().Contain("<svg").And.NotContain("http");
    }

    [Fact]
    public async Task Agreement_BadLines_ReportedOnStderrWithFileAndLine_ExitCode1()
    {
        var labels = Write("bad.jsonl",
            """{"item":"a","rater":"x","label":"yes"}""",
            """{"item":"a","rater":"y","label":"no"}""",
            """{"item":"b","rater":"x"}""");

        var (code, stdout, stderr) = await Deadline.Within(Run("agreement", "--in", labels), TimeSpan.FromSeconds(60));

        code.Should().Be(1);
        stdout.Should().BeEmpty("tables for humans go to stderr");
        stderr.Should().Contain($"{labels}:3: missing field 'label'").And.Contain("Krippendorff");
    }

    [Theory]
    [InlineData("--gold", "nobody", "--gold: rater 'nobody'")]
    [InlineData("--bootstrap", "-1", "--bootstrap")]
    public async Task Agreement_BadOption_ExitCode2WithMessageNamingTheFlag(string flag, string value, string message)
    {
        var labels = Write("ok.jsonl", """{"item":"a","rater":"x","label":1}""");

        var (code, _, stderr) = await Deadline.Within(Run("agreement", "--in", labels, flag, value), TimeSpan.FromSeconds(60));

        code.Should().Be(2);
        stderr.Should().Contain(message);
    }

    [Fact]
    public async Task Agreement_MissingInput_ExitCode2()
    {
        var (code, _, stderr) = await Deadline.Within(Run("agreement", "--in", Path.Combine(_dir, "absent.jsonl")), TimeSpan.FromSeconds(60));

        code.Should().Be(2);
        stderr.Should().Contain("--in: file not found");
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
        return path;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(AgreementCommand).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}

using System.IO.Compression;
using System.Text.Json.Nodes;
using MidTrain.Tests;
using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>
/// OpenAI HumanEval (164 problems) through the code verifier as <c>midtrain verify code</c> runs it, on the warm sandbox
/// servers (the default path; the tests check that every program ran there): canonical solutions pass, <c>return None</c> fails.
/// </summary>
[Collection(SandboxTestKit.Collection)]
public sealed class HumanEvalAcceptanceTests
{
    /// <summary>
    /// Problems whose tests accept a function that returns None. Measured: none — every HumanEval test rejects None.
    /// </summary>
    private static readonly string[] NonePasses = [];

    private static List<JsonObject> Load()
    {
        var path = TestPaths.AcceptanceFile("HumanEval.jsonl.gz");
        SandboxTestKit.RequireBubblewrap();
        using var stream = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var problems = new List<JsonObject>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                problems.Add(JsonNode.Parse(line)!.AsObject());
            }
        }

        return problems;
    }

    private static async Task<List<(string TaskId, JsonObject Verdict)>> VerifyAllAsync(IEnumerable<JsonObject> lines)
    {
        using var sandbox = CodeSandbox.Create(SandboxTestKit.SmallOptions(o => o.DefaultTimeout = TimeSpan.FromSeconds(20)));
        using var verifier = new CodeVerifier(sandbox);
        var tasks = lines.Select(async line => (line["task_id"]!.GetValue<string>(), await VerifierFiles.VerifyLineAsync(verifier, "code", line))).ToList();
        var verdicts = (await Deadline.Within(Task.WhenAll(tasks), TimeSpan.FromMinutes(3), "HumanEval run")).ToList();
        sandbox.WarmExecutions.Should().Be(verdicts.Count, "every program ran in a warm server, none in a one-shot fallback");
        return verdicts;
    }

    [SkippableFact]
    public async Task VerifyLineAsync_CanonicalSolutions_All164Pass()
    {
        var problems = Load();
        problems.Should().HaveCount(164);
        var lines = problems.Select(p => new JsonObject
        {
            ["task_id"] = p["task_id"]!.GetValue<string>(),
            ["prompt"] = p["prompt"]!.GetValue<string>(),
            ["completion"] = p["canonical_solution"]!.GetValue<string>(),
            ["test"] = p["test"]!.GetValue<string>(),
            ["entry_point"] = p["entry_point"]!.GetValue<string>(),
        });

        var verdicts = await VerifyAllAsync(lines);

        var failures = verdicts.Where(v => v.Verdict["outcome"]!.GetValue<string>() != "pass")
            .Select(v => $"{v.TaskId}: {v.Verdict["status"]} {v.Verdict["reason"]}").ToList();
        failures.Should().BeEmpty();
        verdicts.Should().OnlyContain(v => v.Verdict["status"]!.GetValue<string>() == "passed" && v.Verdict["format"]!.GetValue<string>() == "humaneval");
    }

    [SkippableFact]
    public async Task VerifyLineAsync_ReturnNoneCompletions_AllFail()
    {
        var problems = Load();
        var lines = problems.Select(p => new JsonObject
        {
            ["task_id"] = p["task_id"]!.GetValue<string>(),
            ["prompt"] = p["prompt"]!.GetValue<string>(),
            ["completion"] = "    return None\n",
            ["test"] = p["test"]!.GetValue<string>(),
            ["entry_point"] = p["entry_point"]!.GetValue<string>(),
        });

        var verdicts = await VerifyAllAsync(lines);

        verdicts.Where(v => v.Verdict["outcome"]!.GetValue<string>() == "invalid").Should().BeEmpty();
        var passing = verdicts.Where(v => v.Verdict["outcome"]!.GetValue<string>() == "pass").Select(v => v.TaskId).ToList();
        passing.Should().BeEquivalentTo(NonePasses);
        verdicts.Where(v => v.Verdict["outcome"]!.GetValue<string>() == "fail")
            .Should().OnlyContain(v => v.Verdict["status"]!.GetValue<string>() != "passed");
    }
}

using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Tests;
using MidTrain.Verifiers.Math;
using Xunit.Abstractions;

namespace MidTrain.Verifiers.Tests.Math;

public sealed class MathAcceptanceTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Check_MathVerifyCases_AgreesOnAtLeast262Of268()
    {
        var path = TestPaths.AcceptanceFile("math-verify-cases.jsonl");
        var checker = new MathAnswerChecker(new MathVerifierOptions { TimeBound = TimeSpan.FromSeconds(5) });
        var lines = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).ToList();
        var agree = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var c = JsonNode.Parse(lines[i])!.AsObject();
            var options = c["options"] as JsonObject;
            var precision = options?["precision"]?.GetValue<int>() ?? 6;
            var strict = options?["strict"]?.GetValue<bool>() ?? true;
            var allow = options?["allow_set_relation_comp"]?.GetValue<bool>() ?? false;
            var expected = c["equivalent"]!.GetValue<bool>();
            var result = checker.Check(c["gold"]!.GetValue<string>(), c["prediction"]!.GetValue<string>(), precision, strict, allow);
            if ((result.Outcome == VerdictOutcome.Pass) == expected)
            {
                agree++;
            }
            else
            {
                output.WriteLine($"MISS #{i} expected={expected} got={result.Outcome} ({result.Reason}) gold_extracted={Show(result.GoldExtracted)} prediction_extracted={Show(result.PredictionExtracted)} origin={c["origin"]}");
            }
        }

        output.WriteLine($"agreement: {agree}/{lines.Count}");
        lines.Should().HaveCount(268);
        agree.Should().BeGreaterThanOrEqualTo(262);
    }

    [SkippableFact]
    public void Check_ConcurrentCalls_GiveTheSequentialResults()
    {
        var path = TestPaths.AcceptanceFile("math-verify-cases.jsonl");
        var checker = new MathAnswerChecker(new MathVerifierOptions { TimeBound = TimeSpan.FromSeconds(5) });
        var cases = File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l)!.AsObject())
            .Select(c => (Gold: c["gold"]!.GetValue<string>(), Prediction: c["prediction"]!.GetValue<string>())).ToArray();
        var sequential = cases.Select(c => checker.Check(c.Gold, c.Prediction)).Select(r => (r.Outcome, r.GoldExtracted, r.PredictionExtracted)).ToArray();
        var concurrent = new (VerdictOutcome, string?, string?)[cases.Length];
        Parallel.For(0, cases.Length * 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, k =>
        {
            var i = k % cases.Length;
            var r = checker.Check(cases[i].Gold, cases[i].Prediction);
            concurrent[i] = (r.Outcome, r.GoldExtracted, r.PredictionExtracted);
        });
        concurrent.Should().Equal(sequential);
    }

    private static string Show(string? s) => s is null ? "null" : "«" + (s.Length > 120 ? s[..120] + "…" : s) + "»";
}

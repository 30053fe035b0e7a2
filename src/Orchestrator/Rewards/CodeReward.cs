using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Core.Verification;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// <c>kind: code</c>: runs the solution against the tests in <c>ground_truth</c> in the sandbox, through the code
/// verifier of <c>verify: code</c> (shared by every code reward: one pool of warm sandbox servers). The ground truth is
/// a test spec as <c>verify code</c> reads it (<c>test</c> + <c>entry_point</c> [+ <c>prompt</c>], <c>tests: [asserts]</c>
/// [+ <c>setup</c>], or <c>cases: [{stdin, expected_stdout}]</c>), or verl's <c>{inputs: [..], outputs: [..]}</c> (as
/// stdin/stdout cases), as an object or a JSON string of one; the code is the solution (a fenced block is unwrapped).
/// <see cref="CodeScoring.All"/> scores 1 or 0; <see cref="CodeScoring.Fraction"/> runs each assert or case on its own
/// and scores the share passed. A malformed spec or a sandbox failure scores <c>invalid_score</c>. Thread-safe.
/// </summary>
internal sealed class CodeReward(string name, IVerifier verifier, CodeRewardOptions options, double invalidScore) : IReward
{
    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public string Kind => "code";

    /// <inheritdoc />
    public bool RequiresGroundTruth => true;

    /// <inheritdoc />
    public bool IsCpuBound => false;

    /// <inheritdoc />
    public async ValueTask<RewardResult> ScoreAsync(RewardItem item, CancellationToken cancellationToken)
    {
        var (spec, error) = ReadSpec(item);
        if (spec is null)
        {
            return Invalid(error!);
        }

        var parts = options.Scoring == CodeScoring.Fraction ? Split(spec) : [spec];
        if (parts.Count == 1)
        {
            var verdict = await verifier.VerifyAsync(RewardSamples.Build(item, Fields(parts[0])), cancellationToken).ConfigureAwait(false);
            var score = verdict.Outcome switch { VerdictOutcome.Pass => 1.0, VerdictOutcome.Fail => 0.0, _ => invalidScore };
            return Result(score, verdict.Outcome, verdict.Reason, new JsonObject { ["verdict"] = VerifierLines.VerdictJson(verdict) });
        }

        var verdicts = await Task.WhenAll(parts.Select(p => verifier.VerifyAsync(RewardSamples.Build(item, Fields(p)), cancellationToken).AsTask())).ConfigureAwait(false);
        var passed = verdicts.Count(v => v.Outcome == VerdictOutcome.Pass);
        var details = new JsonObject { ["tests_passed"] = passed, ["tests_total"] = verdicts.Length };
        var invalid = Array.FindIndex(verdicts, v => v.Outcome == VerdictOutcome.Invalid);
        if (invalid >= 0)
        {
            details["verdict"] = VerifierLines.VerdictJson(verdicts[invalid]);
            return Result(invalidScore, VerdictOutcome.Invalid, $"test {invalid + 1}/{verdicts.Length}: {verdicts[invalid].Reason}", details);
        }

        var failed = Array.FindIndex(verdicts, v => v.Outcome != VerdictOutcome.Pass);
        if (failed < 0)
        {
            return Result(1, VerdictOutcome.Pass, null, details);
        }

        details["verdict"] = VerifierLines.VerdictJson(verdicts[failed]);
        var reason = $"{(verdicts.Length - passed).ToString(CultureInfo.InvariantCulture)} of {verdicts.Length.ToString(CultureInfo.InvariantCulture)} tests failed; first, test {failed + 1}: {verdicts[failed].Reason}";
        return Result((double)passed / verdicts.Length, VerdictOutcome.Fail, reason, details);
    }

    /// <summary>The test spec of <paramref name="item"/>, completed with the language and limits, or why there is none.</summary>
    private (JsonObject? Spec, string? Error) ReadSpec(RewardItem item)
    {
        var spec = item.GroundTruth switch
        {
            { ValueKind: JsonValueKind.Object } o => JsonNode.Parse(o.GetRawText()) as JsonObject,
            { ValueKind: JsonValueKind.String } s => TryParseObject(s.GetString()!),
            _ => null,
        };
        if (spec is null)
        {
            return (null, "ground_truth must be a test spec: an object (or a JSON string of one) with test + entry_point, tests, cases, or inputs + outputs");
        }

        // The solution is the code under test: a ground truth may not substitute its own.
        spec.Remove("code");
        spec.Remove("completion");
        if (!spec.ContainsKey("cases") && spec.ContainsKey("inputs"))
        {
            if (spec.ContainsKey("fn_name"))
            {
                return (null, "call-based tests (fn_name) are not supported; give stdin/stdout cases (inputs + outputs without fn_name)");
            }

            if (spec["inputs"] is not JsonArray inputs || spec["outputs"] is not JsonArray outputs || inputs.Count != outputs.Count
                || inputs.Concat(outputs).Any(n => n?.GetValueKind() != JsonValueKind.String))
            {
                return (null, "ground_truth inputs and outputs must be two arrays of strings of the same length");
            }

            spec["cases"] = new JsonArray([.. inputs.Zip(outputs, (i, o) => (JsonNode)new JsonObject { ["stdin"] = i!.GetValue<string>(), ["expected_stdout"] = o!.GetValue<string>() })]);
            spec.Remove("inputs");
            spec.Remove("outputs");
        }

        if (!spec.ContainsKey("language"))
        {
            spec["language"] = item.ExtraString("language") ?? options.Language;
        }

        if (!spec.ContainsKey("timeout_s") && options.Timeout is { } timeout)
        {
            spec["timeout_s"] = timeout.TotalSeconds;
        }

        if (!spec.ContainsKey("memory_mb") && options.MemoryMb is { } memory)
        {
            spec["memory_mb"] = memory;
        }

        return (spec, null);
    }

    private static JsonObject? TryParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>One spec per assert or case (a spec with one test, or a HumanEval check, stays whole).</summary>
    private static List<JsonObject> Split(JsonObject spec)
    {
        foreach (var key in new[] { "cases", "tests" })
        {
            if (spec[key] is JsonArray { Count: > 1 } tests)
            {
                return tests.Select(test =>
                {
                    var one = (JsonObject)spec.DeepClone();
                    one[key] = new JsonArray(test?.DeepClone());
                    return one;
                }).ToList();
            }
        }

        return [spec];
    }

    private static Dictionary<string, JsonElement> Fields(JsonObject spec) =>
        spec.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value, JsonDefaults.Options), StringComparer.Ordinal);

    private RewardResult Result(double score, VerdictOutcome outcome, string? reason, JsonObject details) =>
        new() { Reward = Name, Kind = Kind, Score = score, Outcome = outcome, Reason = reason, Details = details };

    private RewardResult Invalid(string reason) => Result(invalidScore, VerdictOutcome.Invalid, reason, new JsonObject());
}

using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// <c>verify: math</c> and <c>midtrain verify math</c>: reads the gold answer from the sample field named by
/// <see cref="MathVerifierOptions.GoldField"/> (a string or a number) and the prediction from the last assistant
/// message (in a file, the <c>prediction</c> field), and returns a verdict whose <c>details</c> hold
/// <c>gold_extracted</c> and <c>prediction_extracted</c>. A sample may carry <c>fields.options</c>
/// {<c>precision</c>, <c>strict</c>, <c>allow_set_relation_comp</c>} overriding the verifier's settings for itself
/// (benchmark files set them per item). A missing or mistyped field gives an <c>invalid</c> verdict.
/// Thread-safe; the check is CPU-bound and synchronous.
/// </summary>
public sealed class MathVerifier : SynchronousVerifier
{
    /// <summary>The verifier name written into verdicts.</summary>
    public const string VerifierName = "math";

    /// <summary>The verifier version written into verdicts.</summary>
    public const string VerifierVersion = "1.1.0";

    private readonly MathAnswerChecker _checker;
    private readonly MathVerifierOptions _options;

    /// <summary>Creates the verifier; <paramref name="options"/> are copied and validated.</summary>
    public MathVerifier(MathVerifierOptions? options = null, TimeProvider? timeProvider = null)
        : base(VerifierName, VerifierVersion)
    {
        _options = (options ?? new MathVerifierOptions()).Clone();
        _options.Validate();
        _checker = new MathAnswerChecker(_options, timeProvider);
    }

    /// <inheritdoc />
    protected override Verdict Verify(Sample sample, CancellationToken cancellationToken)
    {
        var goldField = _options.GoldField;
        if (sample.Fields is null || !sample.Fields.TryGetValue(goldField, out var goldElement))
        {
            return Invalid($"sample has no '{goldField}' field");
        }

        var gold = goldElement.ValueKind switch
        {
            JsonValueKind.String => goldElement.GetString(),
            JsonValueKind.Number => goldElement.GetRawText(),
            _ => null,
        };
        if (gold is null)
        {
            return Invalid($"field '{goldField}' is not a string or number");
        }

        var prediction = sample.LastAssistantContent;
        if (prediction is null)
        {
            return Invalid("sample has no assistant message (prediction)");
        }

        var (precision, strict, allowSetRelation) = (_options.Precision, _options.Strict, _options.AllowSetRelationComparison);
        if (sample.Fields.TryGetValue("options", out var overrides) && ReadOverrides(overrides, ref precision, ref strict, ref allowSetRelation) is { } error)
        {
            return Invalid(error);
        }

        var result = _checker.Check(gold, prediction, precision, strict, allowSetRelation);
        var details = new JsonObject
        {
            ["gold_extracted"] = result.GoldExtracted,
            ["prediction_extracted"] = result.PredictionExtracted,
        };
        return new Verdict
        {
            Name = Name,
            Version = Version,
            Outcome = result.Outcome,
            Score = result.Outcome == VerdictOutcome.Pass ? 1.0 : result.Outcome == VerdictOutcome.Fail ? 0.0 : null,
            Reason = result.Reason,
            Details = JsonSerializer.SerializeToElement(details, JsonDefaults.Options),
            DurationMs = result.Duration.TotalMilliseconds,
        };
    }

    private static string? ReadOverrides(JsonElement overrides, ref int precision, ref bool strict, ref bool allowSetRelation)
    {
        if (overrides.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (overrides.ValueKind != JsonValueKind.Object)
        {
            return "'options' must be an object";
        }

        foreach (var property in overrides.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "precision" when value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var digits) && digits is >= 0 and <= 15:
                    precision = digits;
                    break;
                case "precision":
                    return "options.precision must be an integer between 0 and 15";
                case "strict" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    strict = value.GetBoolean();
                    break;
                case "allow_set_relation_comp" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    allowSetRelation = value.GetBoolean();
                    break;
                case "strict" or "allow_set_relation_comp":
                    return $"options.{property.Name} must be true or false";
                default:
                    break; // other per-item settings are not the math verifier's
            }
        }

        return null;
    }

    /// <summary>The base's <c>invalid</c> verdict, with the (null) extractions every math verdict's details hold.</summary>
    private new Verdict Invalid(string reason) => base.Invalid(reason) with
    {
        Details = JsonSerializer.SerializeToElement(new JsonObject { ["gold_extracted"] = null, ["prediction_extracted"] = null }, JsonDefaults.Options),
    };
}

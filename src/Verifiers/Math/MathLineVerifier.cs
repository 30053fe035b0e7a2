using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Verification;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// <c>midtrain verify math</c>: each input line has <c>gold</c> and <c>prediction</c> strings and optionally
/// <c>options</c> {<c>precision</c>, <c>strict</c>, <c>allow_set_relation_comp</c>}; the verdict object is
/// {<c>outcome</c>, <c>reason</c>, <c>gold_extracted</c>, <c>prediction_extracted</c>, <c>duration_ms</c>}. Missing or
/// mistyped fields give outcome <c>invalid</c> with a reason. Thread-safe.
/// </summary>
public sealed class MathLineVerifier : ILineVerifier
{
    private readonly MathAnswerChecker _checker;

    /// <summary>Creates the line verifier with default settings overridable per line.</summary>
    public MathLineVerifier(MathVerifierOptions? options = null, TimeProvider? timeProvider = null)
    {
        _checker = new MathAnswerChecker(options, timeProvider);
    }

    /// <inheritdoc />
    public string Kind => "math";

    /// <inheritdoc />
    public ValueTask<JsonObject> VerifyLineAsync(JsonObject line, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(line);
        cancellationToken.ThrowIfCancellationRequested();
        if (!TryGetString(line, "gold", out var gold, out var error) || !TryGetString(line, "prediction", out var prediction, out error))
        {
            return ValueTask.FromResult(Invalid(error));
        }

        var defaults = _checker.Options;
        var precision = defaults.Precision;
        var strict = defaults.Strict;
        var allowSetRelation = defaults.AllowSetRelationComparison;
        if (line["options"] is { } optionsNode)
        {
            if (optionsNode is not JsonObject options)
            {
                return ValueTask.FromResult(Invalid("'options' must be an object"));
            }

            if (!TryGetInt(options, "precision", ref precision, out error) || !TryGetBool(options, "strict", ref strict, out error)
                || !TryGetBool(options, "allow_set_relation_comp", ref allowSetRelation, out error))
            {
                return ValueTask.FromResult(Invalid(error));
            }
        }

        var result = _checker.Check(gold, prediction, precision, strict, allowSetRelation);
        return ValueTask.FromResult(new JsonObject
        {
            ["outcome"] = result.Outcome switch
            {
                Core.Records.VerdictOutcome.Pass => "pass",
                Core.Records.VerdictOutcome.Fail => "fail",
                _ => "invalid",
            },
            ["reason"] = result.Reason,
            ["gold_extracted"] = result.GoldExtracted,
            ["prediction_extracted"] = result.PredictionExtracted,
            ["duration_ms"] = System.Math.Round(result.Duration.TotalMilliseconds, 3),
        });
    }

    private static JsonObject Invalid(string reason) => new()
    {
        ["outcome"] = "invalid",
        ["reason"] = reason,
        ["gold_extracted"] = null,
        ["prediction_extracted"] = null,
        ["duration_ms"] = 0.0,
    };

    private static bool TryGetString(JsonObject line, string key, out string value, out string error)
    {
        value = string.Empty;
        error = string.Empty;
        if (line[key] is not JsonValue node)
        {
            error = line.ContainsKey(key) ? $"'{key}' must be a string" : $"missing '{key}'";
            return false;
        }

        if (node.GetValueKind() == JsonValueKind.String)
        {
            value = node.GetValue<string>();
            return true;
        }

        if (node.GetValueKind() == JsonValueKind.Number)
        {
            // A bare number is an unambiguous answer; keep it as written.
            value = node.ToJsonString();
            return true;
        }

        error = $"'{key}' must be a string";
        return false;
    }

    private static bool TryGetInt(JsonObject options, string key, ref int value, out string error)
    {
        error = string.Empty;
        if (options[key] is null)
        {
            return true;
        }

        if (options[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var i) && i is >= 0 and <= 15)
        {
            value = i;
            return true;
        }

        error = $"options.{key} must be an integer between 0 and 15";
        return false;
    }

    private static bool TryGetBool(JsonObject options, string key, ref bool value, out string error)
    {
        error = string.Empty;
        if (options[key] is null)
        {
            return true;
        }

        if (options[key] is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            value = v.GetValue<bool>();
            return true;
        }

        error = $"options.{key} must be true or false";
        return false;
    }
}

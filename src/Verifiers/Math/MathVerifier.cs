using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Math;

/// <summary>
/// The pipeline stage <c>verify: math</c>: reads the gold answer from the sample field named by
/// <see cref="MathVerifierOptions.GoldField"/> (a string or a number) and the prediction from the last assistant
/// message, and returns a verdict whose <c>details</c> hold <c>gold_extracted</c> and <c>prediction_extracted</c>.
/// A missing field or message gives an <c>invalid</c> verdict. Thread-safe; the check is CPU-bound and synchronous.
/// </summary>
public sealed class MathVerifier : IVerifier
{
    /// <summary>The verifier name written into verdicts.</summary>
    public const string VerifierName = "math";

    /// <summary>The verifier version written into verdicts.</summary>
    public const string VerifierVersion = "1.0.0";

    private readonly MathAnswerChecker _checker;
    private readonly string _goldField;

    /// <summary>Creates the verifier; <paramref name="options"/> are copied and validated.</summary>
    public MathVerifier(MathVerifierOptions? options = null, TimeProvider? timeProvider = null)
    {
        var copy = (options ?? new MathVerifierOptions()).Clone();
        copy.Validate();
        _goldField = copy.GoldField;
        _checker = new MathAnswerChecker(copy, timeProvider);
    }

    /// <inheritdoc />
    public string Name => VerifierName;

    /// <inheritdoc />
    public string Version => VerifierVersion;

    /// <inheritdoc />
    public ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        cancellationToken.ThrowIfCancellationRequested();
        if (sample.Fields is null || !sample.Fields.TryGetValue(_goldField, out var goldElement))
        {
            return ValueTask.FromResult(Verdict.Invalid(Name, Version, $"sample has no '{_goldField}' field"));
        }

        var gold = goldElement.ValueKind switch
        {
            JsonValueKind.String => goldElement.GetString(),
            JsonValueKind.Number => goldElement.GetRawText(),
            _ => null,
        };
        if (gold is null)
        {
            return ValueTask.FromResult(Verdict.Invalid(Name, Version, $"field '{_goldField}' is not a string or number"));
        }

        var prediction = sample.LastAssistantContent;
        if (prediction is null)
        {
            return ValueTask.FromResult(Verdict.Invalid(Name, Version, "sample has no assistant message"));
        }

        var result = _checker.Check(gold, prediction);
        var details = new JsonObject
        {
            ["gold_extracted"] = result.GoldExtracted,
            ["prediction_extracted"] = result.PredictionExtracted,
        };
        return ValueTask.FromResult(new Verdict
        {
            Name = Name,
            Version = Version,
            Outcome = result.Outcome,
            Score = result.Outcome == VerdictOutcome.Pass ? 1.0 : result.Outcome == VerdictOutcome.Fail ? 0.0 : null,
            Reason = result.Reason,
            Details = JsonSerializer.SerializeToElement(details, JsonDefaults.Options),
            DurationMs = result.Duration.TotalMilliseconds,
        });
    }
}

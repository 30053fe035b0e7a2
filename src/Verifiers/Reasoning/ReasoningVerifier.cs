using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// What the reasoning-trace checks (<c>verify: reasoning_*</c>) share beyond <see cref="SynchronousVerifier"/>: options
/// validated once, the trace read from the last assistant message (<see cref="ReadTrace"/>: a sample without one is
/// <c>invalid</c>), and verdicts whose details are a JSON object. A check implements
/// <see cref="SynchronousVerifier.Verify"/>; a check of the trace itself derives from
/// <see cref="ReasoningTraceVerifier{TOptions}"/>, which reads it first. Thread-safe when that is.
/// </summary>
/// <typeparam name="TOptions">The check's options.</typeparam>
public abstract class ReasoningVerifier<TOptions> : SynchronousVerifier
    where TOptions : ReasoningCheckOptions
{
    /// <summary>Validates <paramref name="options"/> and keeps them.</summary>
    /// <param name="options">The check's options.</param>
    /// <param name="name">The verifier name (<c>reasoning_*</c>).</param>
    /// <param name="version">The verifier version.</param>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid.</exception>
    protected ReasoningVerifier(TOptions options, string name, string version)
        : base(name, version)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    /// <summary>The validated options.</summary>
    protected TOptions Options { get; }

    /// <summary>The trace and answer of the last assistant message, or null with the <c>invalid</c> verdict that says why there is nothing to check.</summary>
    protected ReasoningTrace? ReadTrace(Sample sample, out Verdict? invalid)
    {
        var trace = SampleTrace.Read(sample, Options.TraceTags, out var problem);
        invalid = trace is null ? Invalid(problem!) : null;
        return trace;
    }

    /// <summary>A pass with <paramref name="passed"/> as its reason when there is no <paramref name="fault"/>, else a fail naming it.</summary>
    protected Verdict PassOrFail(string? fault, string passed, JsonObject details, double? score = null) =>
        Conclude(fault is null ? VerdictOutcome.Pass : VerdictOutcome.Fail, fault ?? passed, details, score);

    /// <summary>A verdict of this check.</summary>
    protected Verdict Conclude(VerdictOutcome outcome, string reason, JsonObject details, double? score = null) => new()
    {
        Name = Name,
        Version = Version,
        Outcome = outcome,
        Score = score,
        Reason = reason,
        Details = JsonSerializer.SerializeToElement(details, JsonDefaults.Options),
    };
}

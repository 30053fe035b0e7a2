using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// A reasoning check of the trace itself (<c>reasoning_length</c>, <c>reasoning_repetition</c>,
/// <c>reasoning_language</c>, <c>reasoning_answer</c>): reads the trace and answer of the last assistant message once
/// (<see cref="ReasoningVerifier{TOptions}.ReadTrace"/>) and checks them in <see cref="Verify(Sample, ReasoningTrace, CancellationToken)"/>,
/// so a sample without a trace is always <c>invalid</c>. Thread-safe when that is.
/// </summary>
/// <typeparam name="TOptions">The check's options.</typeparam>
public abstract class ReasoningTraceVerifier<TOptions> : ReasoningVerifier<TOptions>
    where TOptions : ReasoningCheckOptions
{
    /// <summary>Validates <paramref name="options"/> and keeps them.</summary>
    /// <param name="options">The check's options.</param>
    /// <param name="name">The verifier name (<c>reasoning_*</c>).</param>
    /// <param name="version">The verifier version.</param>
    /// <exception cref="Core.Configuration.OptionsValidationException">The options are invalid.</exception>
    protected ReasoningTraceVerifier(TOptions options, string name, string version)
        : base(options, name, version)
    {
    }

    /// <inheritdoc />
    protected sealed override Verdict Verify(Sample sample, CancellationToken cancellationToken) =>
        ReadTrace(sample, out var invalid) is { } trace ? Verify(sample, trace, cancellationToken) : invalid!;

    /// <summary>The verdict on <paramref name="sample"/>, whose last assistant message has <paramref name="trace"/> (its <see cref="ReasoningTrace.Text"/> not null).</summary>
    protected abstract Verdict Verify(Sample sample, ReasoningTrace trace, CancellationToken cancellationToken);
}

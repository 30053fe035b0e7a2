using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// Checks one sample formally and returns a <see cref="Verdict"/>. "Could not verify" is a verdict with outcome
/// <see cref="VerdictOutcome.Invalid"/> and a reason, never an exception and never a <see cref="VerdictOutcome.Fail"/>.
/// Implementations must be safe to call concurrently (the pipeline runs several workers per stage).
/// </summary>
public interface IVerifier
{
    /// <summary>The verifier's name as written into verdicts, e.g. <c>math</c>.</summary>
    string Name { get; }

    /// <summary>The verifier's version as written into verdicts.</summary>
    string Version { get; }

    /// <summary>Verifies <paramref name="sample"/>.</summary>
    ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default);
}

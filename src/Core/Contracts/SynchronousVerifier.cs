using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// Base class for a verifier whose check is a computation on the sample alone (no I/O, nothing to await: citation,
/// language, reasoning-trace checks): it carries the name and version, and <see cref="VerifyAsync"/> checks the
/// arguments and cancellation once, then returns <see cref="Verify"/>'s verdict. Thread-safe when <see cref="Verify"/> is.
/// </summary>
/// <param name="name">The verifier name written into verdicts.</param>
/// <param name="version">The verifier version written into verdicts.</param>
public abstract class SynchronousVerifier(string name, string version) : IVerifier
{
    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public string Version => version;

    /// <inheritdoc />
    public ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Verify(sample, cancellationToken));
    }

    /// <summary>The verdict on one sample (not null; cancellation already checked once, a long check may check again).</summary>
    protected abstract Verdict Verify(Sample sample, CancellationToken cancellationToken);

    /// <summary>An <c>invalid</c> verdict of this verifier: the sample could not be checked, for <paramref name="reason"/>.</summary>
    protected Verdict Invalid(string reason) => Verdict.Invalid(Name, Version, reason);
}

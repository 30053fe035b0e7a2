using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// Base class for a verifier whose check is a computation on the sample alone (no I/O, nothing to await: math, citation,
/// language, reasoning-trace checks): it carries the name and version, and <see cref="VerifyAsync"/> checks the
/// arguments and cancellation once, then returns <see cref="Verify"/>'s verdict. Thread-safe when <see cref="Verify"/> is.
/// </summary>
public abstract class SynchronousVerifier : IVerifier
{
    /// <summary>Names the verifier.</summary>
    /// <param name="name">The verifier name written into verdicts.</param>
    /// <param name="version">The verifier version written into verdicts.</param>
    protected SynchronousVerifier(string name, string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        Name = name;
        Version = version;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public string Version { get; }

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

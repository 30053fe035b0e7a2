using MidTrain.Core.Records;

namespace MidTrain.Core.Contracts;

/// <summary>
/// Base class for verifier middleware (timing, logging, caching…): forwards every call to an inner verifier.
/// Thread-safe when the inner verifier is.
/// </summary>
public abstract class DelegatingVerifier : IVerifier
{
    /// <summary>Wraps <paramref name="inner"/>.</summary>
    protected DelegatingVerifier(IVerifier inner) => Inner = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <summary>The wrapped verifier.</summary>
    protected IVerifier Inner { get; }

    /// <inheritdoc />
    public virtual string Name => Inner.Name;

    /// <inheritdoc />
    public virtual string Version => Inner.Version;

    /// <inheritdoc />
    public virtual ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default) =>
        Inner.VerifyAsync(sample, cancellationToken);
}

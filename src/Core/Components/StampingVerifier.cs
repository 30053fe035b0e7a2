using MidTrain.Core.Contracts;
using MidTrain.Core.Records;

namespace MidTrain.Core.Components;

/// <summary>
/// Verifier middleware that writes the verifier's name and version into every verdict and measures its duration, so
/// implementations need not. Thread-safe when the inner verifier is.
/// </summary>
public sealed class StampingVerifier : DelegatingVerifier, IAsyncDisposable
{
    private readonly TimeProvider _time;

    /// <summary>Wraps <paramref name="inner"/>, stamping <paramref name="name"/> and <paramref name="version"/>.</summary>
    public StampingVerifier(IVerifier inner, string name, string version, TimeProvider? timeProvider = null)
        : base(inner)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(version);
        Name = name;
        Version = version;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override string Version { get; }

    /// <summary>The wrapped verifier (for disposal and introspection).</summary>
    public IVerifier InnerVerifier => Inner;

    /// <inheritdoc />
    public override async ValueTask<Verdict> VerifyAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        var started = _time.GetTimestamp();
        var verdict = await Inner.VerifyAsync(sample, cancellationToken).ConfigureAwait(false);
        return verdict with { Name = Name, Version = Version, DurationMs = _time.GetElapsedTime(started).TotalMilliseconds };
    }

    /// <summary>Disposes the inner verifier when it is disposable (plug-in processes, sandbox pools).</summary>
    public ValueTask DisposeAsync() => ComponentLifetime.DisposeAsync(Inner);
}

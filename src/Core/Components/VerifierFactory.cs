using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>
/// Base of verifier factories: binds nothing itself (the caller binds <typeparamref name="TOptions"/>), and wraps
/// every verifier it creates in a <see cref="StampingVerifier"/>, so verifier authors return outcome, score, reason
/// and details and never stamp name, version or duration by hand.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
public abstract class VerifierFactory<TOptions> : IVerifierFactory
    where TOptions : class, new()
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Version { get; }

    /// <inheritdoc />
    public abstract string Summary { get; }

    /// <inheritdoc />
    public virtual string? FileAnswerField => null;

    /// <summary>
    /// Whether verdicts carry this factory's <see cref="Name"/> and <see cref="Version"/> (default) or the created
    /// verifier's own (plug-ins, which name themselves).
    /// </summary>
    protected virtual bool StampsFactoryIdentity => true;

    /// <inheritdoc />
    public Type OptionsType => typeof(TOptions);

    /// <inheritdoc />
    public IVerifier Create(object options, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        var verifier = Create((TOptions)options, context);
        return StampsFactoryIdentity
            ? new StampingVerifier(verifier, Name, Version, context.TimeProvider)
            : new StampingVerifier(verifier, verifier.Name, verifier.Version, context.TimeProvider);
    }

    /// <summary>Creates the verifier.</summary>
    protected abstract IVerifier Create(TOptions options, ComponentContext context);
}

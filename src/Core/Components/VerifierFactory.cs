using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>
/// Base of verifier factories: binds nothing itself (the caller binds <typeparamref name="TOptions"/>), and wraps
/// every verifier it creates in a <see cref="StampingVerifier"/>, so verifier authors return outcome, score, reason
/// and details and never stamp name, version or duration by hand.
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
/// <param name="name">The verifier name written into verdicts.</param>
/// <param name="version">The verifier version written into verdicts.</param>
/// <param name="summary">One line for <c>midtrain list</c>.</param>
public abstract class VerifierFactory<TOptions>(string name, string version, string summary)
    : ComponentFactory<TOptions, IVerifier>(name, summary), IVerifierFactory
    where TOptions : class, new()
{
    /// <inheritdoc />
    public string Version { get; } = version;

    /// <inheritdoc />
    public virtual string? FileAnswerField => null;

    /// <summary>
    /// Whether verdicts carry this factory's <see cref="ComponentKind{TOptions}.Name"/> and
    /// <see cref="Version"/> (default) or the created verifier's own (plug-ins, which name themselves).
    /// </summary>
    protected virtual bool StampsFactoryIdentity => true;

    /// <inheritdoc />
    public override IVerifier Create(object options, ComponentContext context)
    {
        var verifier = base.Create(options, context);
        return StampsFactoryIdentity
            ? new StampingVerifier(verifier, Name, Version, context.TimeProvider)
            : new StampingVerifier(verifier, verifier.Name, verifier.Version, context.TimeProvider);
    }
}

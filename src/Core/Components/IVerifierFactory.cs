using MidTrain.Core.Contracts;

namespace MidTrain.Core.Components;

/// <summary>
/// Creates a verifier for <c>verify: NAME</c> stages and <c>midtrain verify NAME</c>. Both use the same factory, the
/// same options and the same <see cref="IVerifier"/>. Derive from <see cref="VerifierFactory{TOptions}"/>.
/// </summary>
public interface IVerifierFactory : IComponentFactory
{
    /// <summary>The verifier version written into verdicts.</summary>
    string Version { get; }

    /// <summary>
    /// For <c>midtrain verify NAME --in F</c>: the field of an input line that holds the answer to check (it becomes the
    /// sample's assistant message, e.g. <c>prediction</c> for math), or null when the verifier reads only fields.
    /// </summary>
    string? FileAnswerField { get; }

    /// <summary>Creates the verifier from bound, validated <paramref name="options"/>; verdicts are stamped with name, version and duration.</summary>
    IVerifier Create(object options, ComponentContext context);
}

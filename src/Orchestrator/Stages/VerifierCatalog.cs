using MidTrain.Core.Contracts;
using MidTrain.Orchestrator.Config;

namespace MidTrain.Orchestrator.Stages;

/// <summary>
/// The verifiers available to <c>verify: NAME</c> stages; each registers here with one line. A factory reads its own
/// options from the stage mapping (unknown keys are then reported by the stage).
/// </summary>
public static class VerifierCatalog
{
    /// <summary>Name → factory of a verifier from the stage options.</summary>
    public static IReadOnlyDictionary<string, Func<ConfigMap, StageBuildContext, IVerifier>> Factories { get; } =
        new Dictionary<string, Func<ConfigMap, StageBuildContext, IVerifier>>(StringComparer.Ordinal)
        {
        };
}

using MidTrain.Core.Contracts;
using MidTrain.Orchestrator.Config;
using MidTrain.Verifiers.Math;

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
            ["math"] = (o, _) => new MathVerifier(new MathVerifierOptions
            {
                GoldField = o.GetString("gold_field") ?? "gold",
                Precision = o.GetInt("precision", 6, 0, 30),
                Strict = o.GetBool("strict", true),
                AllowSetRelationComparison = o.GetBool("allow_set_relation_comp", false),
                TimeBound = TimeSpan.FromMilliseconds(o.GetInt("time_bound_ms", 1000, 10, 600_000)),
            }),
        };
}

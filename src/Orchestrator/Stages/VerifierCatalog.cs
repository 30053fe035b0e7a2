using MidTrain.Core.Contracts;
using MidTrain.Orchestrator.Config;
using Microsoft.Extensions.Logging;
using MidTrain.Verifiers.Citation;
using MidTrain.Verifiers.Code;
using MidTrain.Verifiers.Plugins;
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
            ["citation"] = (o, _) => new CitationVerifier(new CitationOptions
            {
                MinIdentity = o.GetDouble("min_identity", 0.9, 0, 1),
                MinCoverage = o.GetDouble("min_coverage", 0.9, 0, 1),
                FoldDiacritics = o.GetBool("fold_diacritics", false),
                MaxFragmentGap = o.GetInt("max_fragment_gap", 2000, 0, 1_000_000),
                DecisiveEdits = o.GetBool("decisive_edits", true),
                DetectReuse = o.GetBool("detect_reuse", true),
                MinReuseLength = o.GetInt("min_reuse_length", 40, 8, 1_000_000),
            }),
            ["code"] = (o, context) => new CodeVerifier(CodeSandbox.Create(
                SandboxOptions.FromMapping(o.ToPlainDictionary("verify", "name", "capacity", "on_invalid")),
                context.LoggerFactory.CreateLogger<CodeVerifier>())),
        };

    /// <summary>
    /// A plug-in verifier from an inline mapping (<c>verify: {plugin: process, command: [...]}</c> or
    /// <c>verify: {plugin: dotnet, path: X.dll, type: T}</c>).
    /// </summary>
    public static IVerifier Plugin(ConfigMap inline, StageBuildContext context) =>
        VerifierPluginFactory.Create(VerifierPluginOptions.FromMapping(inline.ToPlainDictionary()), context.Config.BaseDirectory, context.LoggerFactory.CreateLogger("MidTrain.Plugins"));
}

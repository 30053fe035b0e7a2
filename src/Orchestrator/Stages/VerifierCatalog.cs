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
            ["math"] = (o, _) => Math(o, new MathVerifierOptions()),
            ["citation"] = (o, _) => Citation(o, new CitationOptions()),
            ["code"] = (o, context) => new CodeVerifier(CodeSandbox.Create(
                SandboxOptions.FromMapping(o.ToPlainDictionary("verify", "name", "capacity", "on_invalid")),
                context.LoggerFactory.CreateLogger<CodeVerifier>())),
        };

    // Defaults live in the option classes only (passed in as `d`); these read overrides.
    private static MathVerifier Math(ConfigMap o, MathVerifierOptions d) => new(new MathVerifierOptions
    {
        GoldField = o.GetString("gold_field") ?? d.GoldField,
        Precision = o.GetInt("precision", d.Precision, 0, 30),
        Strict = o.GetBool("strict", d.Strict),
        AllowSetRelationComparison = o.GetBool("allow_set_relation_comp", d.AllowSetRelationComparison),
        TimeBound = TimeSpan.FromMilliseconds(o.GetInt("time_bound_ms", (int)d.TimeBound.TotalMilliseconds, 10, 600_000)),
    });

    private static CitationVerifier Citation(ConfigMap o, CitationOptions d) => new(new CitationOptions
    {
        MinIdentity = o.GetDouble("min_identity", d.MinIdentity, 0, 1),
        MinCoverage = o.GetDouble("min_coverage", d.MinCoverage, 0, 1),
        FoldDiacritics = o.GetBool("fold_diacritics", d.FoldDiacritics),
        MaxFragmentGap = o.GetInt("max_fragment_gap", d.MaxFragmentGap, 0, 1_000_000),
        DecisiveEdits = o.GetBool("decisive_edits", d.DecisiveEdits),
        DetectReuse = o.GetBool("detect_reuse", d.DetectReuse),
        MinReuseLength = o.GetInt("min_reuse_length", d.MinReuseLength, 8, 1_000_000),
    });

    /// <summary>
    /// A plug-in verifier from an inline mapping (<c>verify: {plugin: process, command: [...]}</c> or
    /// <c>verify: {plugin: dotnet, path: X.dll, type: T}</c>).
    /// </summary>
    public static IVerifier Plugin(ConfigMap inline, StageBuildContext context) =>
        VerifierPluginFactory.Create(VerifierPluginOptions.FromMapping(inline.ToPlainDictionary()), context.Config.BaseDirectory, context.LoggerFactory.CreateLogger("MidTrain.Plugins"));
}

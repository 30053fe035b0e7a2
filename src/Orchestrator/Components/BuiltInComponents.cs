using MidTrain.Core.Components;

namespace MidTrain.Orchestrator.Components;

/// <summary>
/// Every component factory shipped with MidTrain (stage kinds, generators, verifiers), discovered once from the
/// project's assemblies: adding a built-in component means adding its folder, never editing a list here.
/// Thread-safe.
/// </summary>
public static class BuiltInComponents
{
    private static readonly Lazy<ComponentCatalog> Lazy = new(() => ComponentCatalog.Discover(
        typeof(BuiltInComponents).Assembly,
        typeof(Generators.Chunking.PassageChunker).Assembly,
        typeof(Verifiers.Math.MathVerifier).Assembly,
        typeof(Judges.Panel.JudgePanel).Assembly,
        typeof(Filters.Contracts.IFilter).Assembly,
        typeof(Classifiers.Filtering.QualityFilter).Assembly));

    /// <summary>The catalog.</summary>
    public static ComponentCatalog Catalog => Lazy.Value;
}

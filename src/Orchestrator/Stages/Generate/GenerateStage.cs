using System.Globalization;
using MidTrain.Core.Contracts;
using MidTrain.Core.Reasoning;
using MidTrain.Core.Records;
using MidTrain.Generators.Dedup;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Generate;

/// <summary>
/// <c>generate: NAME</c>: passages → samples through an <see cref="IGenerator"/>, with near-duplicate removal of the
/// generated questions that does not depend on arrival order (<see cref="NearDuplicateIndex"/>: a sample with a smaller
/// near-duplicate already seen is rejected at once; the others are settled when the run completes, see
/// <see cref="IRunLevelDecisions"/>) and a generation report in the manifest. Each passage gets its own seed derived from the run seed and
/// the passage identity. A reasoning teacher's traces are handled as the stage's <see cref="ReasoningMode"/> says
/// (see <see cref="GeneratedSamples"/>). Thread-safe.
/// </summary>
public sealed class GenerateStage : GeneratingStage<Passage>
{
    private readonly IGenerator _generator;

    /// <summary>Creates the stage.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="concurrency">Passages generated at once.</param>
    /// <param name="capacity">Input channel capacity (0: 2 × concurrency).</param>
    /// <param name="generator">The generator.</param>
    /// <param name="seed">The run seed (each passage derives its own).</param>
    /// <param name="dedup">The near-duplicate index, or null for none.</param>
    /// <param name="reasoning">What becomes of reasoning traces (default: kept in the messages' reasoning field).</param>
    /// <param name="reasoningTemplate">How <see cref="ReasoningMode.Keep"/> writes a trace.</param>
    public GenerateStage(string name, int concurrency, int capacity, IGenerator generator, long seed, NearDuplicateIndex? dedup,
        ReasoningMode reasoning = ReasoningMode.Separate, ReasoningTemplate? reasoningTemplate = null)
        : base(name, concurrency, capacity, seed, new GeneratedSamples(name, dedup, reasoning: reasoning, reasoningTemplate: reasoningTemplate))
    {
        _generator = generator ?? throw new ArgumentNullException(nameof(generator));
    }

    /// <inheritdoc />
    protected override string SeedKey(Passage payload) => $"{payload.DocumentId}#{payload.Index.ToString(CultureInfo.InvariantCulture)}";

    /// <inheritdoc />
    protected override IAsyncEnumerable<Sample> Generate(Passage payload, long seed, CancellationToken cancellationToken) =>
        _generator.GenerateAsync(payload, seed, cancellationToken);
}

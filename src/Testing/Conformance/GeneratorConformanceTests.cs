using FluentAssertions;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using Xunit;

namespace MidTrain.Testing.Conformance;

/// <summary>
/// The <see cref="IGenerator"/> contract, as a reusable test base: samples keep their source (document id, passage
/// index, exact span), ids are unique and stable, every sample has a user and an assistant turn and a lineage, and what
/// <see cref="SampleGeneratorConformanceTests{TGenerator, TInput}"/> checks of every generator (seeds, concurrency,
/// cancellation). Inherit it, supply a generator whose model is deterministic for a seed (e.g. a scripted client), and
/// a passage.
/// </summary>
public abstract class GeneratorConformanceTests : SampleGeneratorConformanceTests<IGenerator, Passage>
{
    /// <summary>A passage the generator produces at least one sample from.</summary>
    protected virtual Passage Passage { get; } = new("doc-conformance", 2, TestSamples.Passage, 10, 10 + TestSamples.Passage.Length);

    /// <inheritdoc />
    protected sealed override Passage Input => Passage;

    /// <inheritdoc />
    protected sealed override string NameOf(IGenerator generator) => generator.Name;

    /// <inheritdoc />
    protected sealed override IAsyncEnumerable<Sample> Generate(IGenerator generator, Passage input, long seed, CancellationToken cancellationToken) =>
        generator.GenerateAsync(input, seed, cancellationToken);

    /// <summary>Samples point back at their passage exactly, with a conversation and a lineage.</summary>
    [Fact]
    public async Task GenerateAsync_AnyPassage_SamplesKeepTheirSourceConversationAndLineage()
    {
        var samples = await GenerateAsync(CreateGenerator(), Passage, seed: 1);

        samples.Should().NotBeEmpty();
        samples.Should().OnlyContain(s => s.Source.DocId == Passage.DocumentId && s.Source.Passage == Passage.Index
            && s.Source.Start == Passage.Start && s.Source.End == Passage.End);
        samples.Should().OnlyContain(s => s.Messages.Any(m => m.Role == Message.User && m.Content.Length > 0)
            && s.Messages.Any(m => m.Role == Message.Assistant && m.Content.Length > 0));
        samples.Should().OnlyContain(s => s.Lineage.Count > 0);
        samples.Select(s => s.Id).Should().OnlyHaveUniqueItems();
    }
}

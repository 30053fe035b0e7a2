using System.Text.Json;
using FluentAssertions;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using Xunit;

namespace MidTrain.Testing.Conformance;

/// <summary>
/// The <see cref="ILongContextGenerator"/> contract, as a reusable test base: samples name their context
/// (<c>source.doc_id</c> = context id), their user turn holds the context exactly where <c>fields.context</c> says and
/// every recorded evidence passage lies inside its document, ids are unique and stable, and what
/// <see cref="SampleGeneratorConformanceTests{TGenerator, TInput}"/> checks of every generator (seeds, here with the
/// fields too; concurrency; cancellation). Inherit it and supply a generator whose model is deterministic for a seed
/// (e.g. a scripted client).
/// </summary>
public abstract class LongContextGeneratorConformanceTests : SampleGeneratorConformanceTests<ILongContextGenerator, LongContext>
{
    /// <summary>A context the generator produces at least one sample from.</summary>
    protected virtual LongContext Context { get; } = TestSamples.Context();

    /// <inheritdoc />
    protected sealed override LongContext Input => Context;

    /// <inheritdoc />
    protected sealed override string NameOf(ILongContextGenerator generator) => generator.Name;

    /// <inheritdoc />
    protected sealed override IAsyncEnumerable<Sample> Generate(ILongContextGenerator generator, LongContext input, long seed, CancellationToken cancellationToken) =>
        generator.GenerateAsync(input, seed, cancellationToken);

    /// <summary>The id, messages and attributes, and the fields (layout, evidence).</summary>
    protected override string Describe(Sample sample) => base.Describe(sample) + " " + JsonSerializer.Serialize(sample.Fields);

    /// <summary>Samples point back at their context; the layout and the evidence map into the user turn exactly.</summary>
    [Fact]
    public async Task GenerateAsync_AnyContext_SamplesHoldTheContextWhereTheirLayoutSays()
    {
        var samples = await GenerateAsync(CreateGenerator(), Context, seed: 1);

        samples.Should().NotBeEmpty();
        samples.Select(s => s.Id).Should().OnlyHaveUniqueItems();
        foreach (var sample in samples)
        {
            sample.Source.DocId.Should().Be(Context.Id);
            sample.Lineage.Should().NotBeEmpty();
            sample.LastAssistantContent.Should().NotBeNullOrWhiteSpace();
            var user = sample.Messages.First(m => m.Role == Message.User).Content;
            var layout = LongContextFields.ReadLayout(sample);
            layout.Should().NotBeNull("a long-context sample records its context layout");
            layout!.Id.Should().Be(Context.Id);
            user.Substring(layout.Offset, layout.Chars).Should().Be(Context.Text);
            layout.Documents.Should().BeEquivalentTo(Context.Documents);
            var evidence = LongContextFields.ReadEvidence(sample);
            evidence.Should().NotBeEmpty();
            foreach (var e in evidence)
            {
                var document = Context.Documents.Single(d => d.Number == e.Document);
                e.Start.Should().BeGreaterThanOrEqualTo(document.Start);
                e.End.Should().BeLessThanOrEqualTo(document.End);
                e.Depth.Should().BeApproximately((double)e.Start / Context.Text.Length, 1e-5);
            }

            LongContextFields.ReadMinDocuments(sample).Should().BeInRange(1, evidence.Select(e => e.Document).Distinct().Count());
        }
    }
}

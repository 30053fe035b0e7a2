using System.Text.Json;
using FluentAssertions;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using Xunit;

namespace MidTrain.Testing.Conformance;

/// <summary>
/// The <see cref="ILongContextGenerator"/> contract, as a reusable test base: samples name their context
/// (<c>source.doc_id</c> = context id), their user turn holds the context exactly where <c>fields.context</c> says and
/// every recorded evidence passage lies inside its document, ids are unique and stable, the same seed gives the same
/// samples and another seed other ones, concurrent use is safe, and cancellation propagates. Inherit it and supply a
/// generator whose model is deterministic for a seed (e.g. a scripted client).
/// </summary>
public abstract class LongContextGeneratorConformanceTests
{
    /// <summary>Creates the generator under test (called once per test).</summary>
    protected abstract ILongContextGenerator CreateGenerator();

    /// <summary>A context the generator produces at least one sample from.</summary>
    protected virtual LongContext Context { get; } = TestSamples.Context();

    /// <summary>Longest one context may take in these tests.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <summary>The samples of one context.</summary>
    protected async Task<IReadOnlyList<Sample>> GenerateAsync(ILongContextGenerator generator, LongContext context, long seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var samples = new List<Sample>();
        await Deadline.Within(Task.Run(async () =>
        {
            await foreach (var sample in generator.GenerateAsync(context, seed, cancellationToken).ConfigureAwait(false))
            {
                samples.Add(sample);
            }
        }, CancellationToken.None), Timeout, "GenerateAsync").ConfigureAwait(false);
        return samples;
    }

    /// <summary>A generator names itself.</summary>
    [Fact]
    public void Name_IsNonEmpty() => CreateGenerator().Name.Should().NotBeNullOrWhiteSpace();

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

    /// <summary>The same seed gives the same samples; another seed other ones.</summary>
    [Fact]
    public async Task GenerateAsync_SameSeed_SameSamples_OtherSeed_OtherSamples()
    {
        var first = await GenerateAsync(CreateGenerator(), Context, seed: 7);
        var again = await GenerateAsync(CreateGenerator(), Context, seed: 7);
        var other = await GenerateAsync(CreateGenerator(), Context, seed: 8);

        Describe(again).Should().Equal(Describe(first));
        other.Select(s => s.Id).Should().NotIntersectWith(first.Select(s => s.Id));
    }

    /// <summary>Concurrent use gives what sequential use gives.</summary>
    [Fact]
    public async Task GenerateAsync_Concurrent_SameSamplesAsSequential()
    {
        var generator = CreateGenerator();
        var sequential = new List<string>();
        for (var seed = 0; seed < 8; seed++)
        {
            sequential.AddRange(Describe(await GenerateAsync(generator, Context, seed)));
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(seed => GenerateAsync(generator, Context, seed)));

        concurrent.SelectMany(Describe).Should().Equal(sequential);
    }

    /// <summary>Cancellation propagates; it is never turned into samples or data.</summary>
    [Fact]
    public async Task GenerateAsync_Cancelled_ThrowsOperationCanceled()
    {
        var generator = CreateGenerator();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = async () => await GenerateAsync(generator, Context, seed: 1, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    private static IEnumerable<string> Describe(IEnumerable<Sample> samples) =>
        samples.Select(s => s.Id + " " + JsonSerializer.Serialize(s.Messages) + " " + JsonSerializer.Serialize(s.Attributes) + " " + JsonSerializer.Serialize(s.Fields));
}

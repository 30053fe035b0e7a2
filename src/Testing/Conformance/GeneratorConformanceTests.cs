using System.Text.Json;
using FluentAssertions;
using MidTrain.Core.Contracts;
using MidTrain.Core.Records;
using Xunit;

namespace MidTrain.Testing.Conformance;

/// <summary>
/// The <see cref="IGenerator"/> contract, as a reusable test base: samples keep their source (document id, passage
/// index, exact span), ids are unique and stable, the same seed gives the same samples and another seed other ones,
/// every sample has a user and an assistant turn and a lineage, concurrent use is safe, and cancellation propagates.
/// Inherit it, supply a generator whose model is deterministic for a seed (e.g. a scripted client), and a passage.
/// </summary>
public abstract class GeneratorConformanceTests
{
    /// <summary>Creates the generator under test (called once per test).</summary>
    protected abstract IGenerator CreateGenerator();

    /// <summary>A passage the generator produces at least one sample from.</summary>
    protected virtual Passage Passage { get; } = new("doc-conformance", 2, TestSamples.Passage, 10, 10 + TestSamples.Passage.Length);

    /// <summary>Longest one passage may take in these tests.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <summary>The samples of one passage.</summary>
    protected async Task<IReadOnlyList<Sample>> GenerateAsync(IGenerator generator, Passage passage, long seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var samples = new List<Sample>();
        await Deadline.Within(Task.Run(async () =>
        {
            await foreach (var sample in generator.GenerateAsync(passage, seed, cancellationToken).ConfigureAwait(false))
            {
                samples.Add(sample);
            }
        }, CancellationToken.None), Timeout, "GenerateAsync").ConfigureAwait(false);
        return samples;
    }

    /// <summary>A generator names itself.</summary>
    [Fact]
    public void Name_IsNonEmpty() => CreateGenerator().Name.Should().NotBeNullOrWhiteSpace();

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

    /// <summary>The same seed gives the same samples; another seed other ones.</summary>
    [Fact]
    public async Task GenerateAsync_SameSeed_SameSamples_OtherSeed_OtherSamples()
    {
        var first = await GenerateAsync(CreateGenerator(), Passage, seed: 7);
        var again = await GenerateAsync(CreateGenerator(), Passage, seed: 7);
        var other = await GenerateAsync(CreateGenerator(), Passage, seed: 8);

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
            sequential.AddRange(Describe(await GenerateAsync(generator, Passage, seed)));
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(seed => GenerateAsync(generator, Passage, seed)));

        concurrent.SelectMany(Describe).Should().Equal(sequential);
    }

    /// <summary>Cancellation propagates; it is never turned into samples or data.</summary>
    [Fact]
    public async Task GenerateAsync_Cancelled_ThrowsOperationCanceled()
    {
        var generator = CreateGenerator();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = async () => await GenerateAsync(generator, Passage, seed: 1, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    private static IEnumerable<string> Describe(IEnumerable<Sample> samples) =>
        samples.Select(s => s.Id + " " + JsonSerializer.Serialize(s.Messages) + " " + JsonSerializer.Serialize(s.Attributes));
}

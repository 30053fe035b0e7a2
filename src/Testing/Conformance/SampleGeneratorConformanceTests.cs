using System.Text.Json;
using FluentAssertions;
using MidTrain.Core.Records;
using Xunit;

namespace MidTrain.Testing.Conformance;

/// <summary>
/// What every sample generator guarantees whatever it generates from (a passage, a long context), as a reusable test
/// base: it names itself, the same seed gives the same samples and another seed other ones, concurrent use gives what
/// sequential use gives, and cancellation propagates. <see cref="GeneratorConformanceTests"/> and
/// <see cref="LongContextGeneratorConformanceTests"/> add what their input promises; inherit one of those.
/// </summary>
/// <typeparam name="TGenerator">The generator contract.</typeparam>
/// <typeparam name="TInput">What it generates samples from.</typeparam>
public abstract class SampleGeneratorConformanceTests<TGenerator, TInput>
    where TGenerator : class
{
    /// <summary>Creates the generator under test (called once per test).</summary>
    protected abstract TGenerator CreateGenerator();

    /// <summary>An input the generator produces at least one sample from.</summary>
    protected abstract TInput Input { get; }

    /// <summary>Longest one input may take in these tests.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(30);

    /// <summary>The generator's name.</summary>
    protected abstract string NameOf(TGenerator generator);

    /// <summary>Streams the samples of <paramref name="input"/> (the contract's <c>GenerateAsync</c>).</summary>
    protected abstract IAsyncEnumerable<Sample> Generate(TGenerator generator, TInput input, long seed, CancellationToken cancellationToken);

    /// <summary>What must be equal for two samples to count as the same (id, messages, attributes).</summary>
    protected virtual string Describe(Sample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return sample.Id + " " + JsonSerializer.Serialize(sample.Messages) + " " + JsonSerializer.Serialize(sample.Attributes);
    }

    /// <summary>The samples of one input, within <see cref="Timeout"/>.</summary>
    protected async Task<IReadOnlyList<Sample>> GenerateAsync(TGenerator generator, TInput input, long seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var samples = new List<Sample>();
        await Deadline.Within(Task.Run(async () =>
        {
            await foreach (var sample in Generate(generator, input, seed, cancellationToken).ConfigureAwait(false))
            {
                samples.Add(sample);
            }
        }, CancellationToken.None), Timeout, "GenerateAsync").ConfigureAwait(false);
        return samples;
    }

    /// <summary>A generator names itself.</summary>
    [Fact]
    public void Name_IsNonEmpty() => NameOf(CreateGenerator()).Should().NotBeNullOrWhiteSpace();

    /// <summary>The same seed gives the same samples; another seed other ones.</summary>
    [Fact]
    public async Task GenerateAsync_SameSeed_SameSamples_OtherSeed_OtherSamples()
    {
        var first = await GenerateAsync(CreateGenerator(), Input, seed: 7);
        var again = await GenerateAsync(CreateGenerator(), Input, seed: 7);
        var other = await GenerateAsync(CreateGenerator(), Input, seed: 8);

        again.Select(Describe).Should().Equal(first.Select(Describe));
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
            sequential.AddRange((await GenerateAsync(generator, Input, seed)).Select(Describe));
        }

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(seed => GenerateAsync(generator, Input, seed)));

        concurrent.SelectMany(samples => samples.Select(Describe)).Should().Equal(sequential);
    }

    /// <summary>Cancellation propagates; it is never turned into samples or data.</summary>
    [Fact]
    public async Task GenerateAsync_Cancelled_ThrowsOperationCanceled()
    {
        var generator = CreateGenerator();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var act = async () => await GenerateAsync(generator, Input, seed: 1, cts.Token);

        await act.Should().ThrowAsync<OperationCanceledException>();
    }
}

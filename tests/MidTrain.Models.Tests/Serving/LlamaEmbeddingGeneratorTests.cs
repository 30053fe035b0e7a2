using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Core.Configuration;
using MidTrain.Models.Serving.Embeddings;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Serving;

/// <summary>The tiny random-weight model as an embedding model (its vectors mean nothing; their shape and determinism do).</summary>
public sealed class LlamaEmbeddingGeneratorTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("embed");

    private string Tiny => ModelFactory.EnsureTinyModel(new ModelRuntimeOptions { ModelDirectory = _dir });

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task GenerateAsync_TinyWithMeanPooling_UnitVectorsDeterministicWithUsage()
    {
        using var generator = await LlamaEmbeddingGenerator.LoadAsync(new LlamaEmbeddingOptions { Path = Tiny, Pooling = EmbeddingPooling.Mean, Threads = 1, Context = 256 }, NullLoggerFactory.Instance);
        generator.Dimensions.Should().Be(64, "the tiny model's hidden size");
        generator.Pooling.Should().Be(EmbeddingPooling.Mean);
        generator.ModelId.Should().Be("tiny-42");

        var first = await generator.GenerateAsync(["the cat sat", "on the mat", "the cat sat"]);
        first.Should().HaveCount(3);
        first.Usage!.InputTokenCount.Should().Be(new[] { "the cat sat", "on the mat", "the cat sat" }.Sum(generator.CountTokens));
        foreach (var e in first)
        {
            e.Vector.Length.Should().Be(64);
            Math.Sqrt(e.Vector.ToArray().Sum(x => (double)x * x)).Should().BeApproximately(1, 1e-4);
        }

        first[0].Vector.ToArray().Should().Equal(first[2].Vector.ToArray(), "same input, same vector");
        first[0].Vector.ToArray().Should().NotEqual(first[1].Vector.ToArray());

        // Concurrent callers queue on the model and get the same answers.
        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => generator.GenerateAsync(["on the mat"])));
        again.Should().OnlyContain(g => g[0].Vector.ToArray().SequenceEqual(first[1].Vector.ToArray()));
    }

    [Fact]
    public async Task LoadAsync_ModelWithoutPoolingType_RefusedNamingPooling()
    {
        var act = () => LlamaEmbeddingGenerator.LoadAsync(new LlamaEmbeddingOptions { Path = Tiny, Threads = 1, Context = 256 }, NullLoggerFactory.Instance);
        var error = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        error.Key.Should().Be("pooling");
        error.Detail.Should().Contain("mean, cls or last");
    }

    [Fact]
    public async Task GenerateAsync_InputLongerThanContext_ContextLengthFailure()
    {
        using var generator = await LlamaEmbeddingGenerator.LoadAsync(new LlamaEmbeddingOptions { Path = Tiny, Pooling = EmbeddingPooling.Last, Threads = 1, Context = 16 }, NullLoggerFactory.Instance);
        var act = () => generator.GenerateAsync([string.Join(' ', Enumerable.Repeat("word", 40))]);
        (await act.Should().ThrowAsync<ModelCallException>()).Which.Kind.Should().Be(ModelFailureKinds.ContextLength);
        (await generator.GenerateAsync(["short"])).Should().ContainSingle();
    }
}

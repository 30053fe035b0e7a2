using MidTrain.Classifiers.Embedding;
using MidTrain.Classifiers.Model;
using MidTrain.Classifiers.Training;
using MidTrain.Testing.Corpora;
using MidTrain.Tests;

namespace MidTrain.Classifiers.Tests.Embedding;

/// <summary>The embedding kind on the built-in tiny random-weight GGUF: the mechanics, not the quality (its embeddings are meaningless).</summary>
public sealed class GgufEmbedderTests
{
    private static async Task<GgufEmbedder> TinyAsync(string dir) =>
        await GgufEmbedder.LoadAsync(new EmbeddingOptions { Model = "tiny", Context = 256, Threads = 1 }, Path.Combine(dir, "models"));

    [Fact]
    public async Task Embed_TinyModel_GivesDeterministicUnitVectorsOfTheModelWidth()
    {
        var dir = TestPaths.NewTempDir("midtrain-embed");
        using var embedder = await TinyAsync(dir);

        var a = embedder.Embed("The water cycle moves water between the sea, the air and the land.");
        var again = embedder.Embed("The water cycle moves water between the sea, the air and the land.");
        var b = embedder.Embed("Click here for a limited offer!");

        embedder.IsTiny.Should().BeTrue();
        embedder.Fingerprint.Should().StartWith("gguf:sha256=");
        a.Should().HaveCount(embedder.Dimension).And.Equal(again);
        Math.Sqrt(a.Sum(x => (double)x * x)).Should().BeApproximately(1, 1e-4);
        a.Should().NotEqual(b);
        embedder.Embed(new string('x', 10_000)).Should().HaveCount(embedder.Dimension, "long texts are cut to the context");
    }

    [Fact]
    public async Task TrainAndLoad_EmbeddingKind_RoundTripsAndScoresLikeTheTrainer()
    {
        var dir = TestPaths.NewTempDir("midtrain-embed");
        using var embedder = await TinyAsync(dir);
        var data = PlantedQualityCorpus.Generate(120, seed: 4, targetChars: 200).Select(d => new LabelledText(d.Id, d.Text, d.Label)).ToList();
        var options = new ClassifierTrainingOptions
        {
            Kind = ClassifierKind.Embedding,
            Embedding = new EmbeddingOptions { Model = "tiny", Context = 256 },
            LabelMin = 0,
            LabelMax = 5,
            Bootstrap = 0,
            MaxEpochs = 5,
        };

        var result = ClassifierTrainer.Train(data, "educational_value", options, embedder: embedder);
        var path = Path.Combine(dir, "edu.mtc");
        ClassifierModelFile.Write(path, result.Model);
        using var loaded = await QualityClassifier.LoadAsync(path, new QualityClassifierLoadOptions { TinyModelDirectory = Path.Combine(dir, "models"), Threads = 1 });
        using var inMemory = QualityClassifier.FromModel(result.Model, embedder);

        result.Model.EmbeddingFingerprint.Should().Be(embedder.Fingerprint);
        result.Model.Weights.Should().HaveCount(embedder.Dimension);
        loaded.Model.Kind.Should().Be(ClassifierKind.Embedding);
        loaded.IsParallel.Should().BeFalse();
        loaded.Score(data[0].Text).Should().BeApproximately(inMemory.Score(data[0].Text), 1e-6);
        result.Test.N.Should().Be(result.TestItems);
    }

    [Fact]
    public async Task Load_EmbeddingModelWithAnotherFingerprint_IsRefused()
    {
        var dir = TestPaths.NewTempDir("midtrain-embed");
        var path = Path.Combine(dir, "edu.mtc");
        ClassifierModelFile.Write(path, new ClassifierModel
        {
            Kind = ClassifierKind.Embedding,
            Criterion = "educational_value",
            LabelMin = 0,
            LabelMax = 5,
            Threshold = 3,
            Embedding = new EmbeddingOptions { Model = "tiny", Context = 256 },
            EmbeddingFingerprint = "gguf:sha256=0000;size=1;quant=F32",
            Weights = new float[64],
            Bias = 2,
        });

        var act = async () => await QualityClassifier.LoadAsync(path, new QualityClassifierLoadOptions { TinyModelDirectory = Path.Combine(dir, "models"), Threads = 1 });

        (await act.Should().ThrowAsync<ClassifierModelException>()).WithMessage("*trained on embeddings of gguf:sha256=0000*meaningless*");
    }
}

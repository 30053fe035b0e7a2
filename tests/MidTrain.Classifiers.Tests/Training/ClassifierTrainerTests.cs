using MidTrain.Classifiers.Model;
using MidTrain.Classifiers.Training;
using MidTrain.Testing.Corpora;

namespace MidTrain.Classifiers.Tests.Training;

public sealed class ClassifierTrainerTests
{
    private static List<LabelledText> Planted(int count, int seed) =>
        PlantedQualityCorpus.Generate(count, seed).Select(d => new LabelledText(d.Id, d.Text, d.Label)).ToList();

    private static ClassifierTrainingOptions Options() => new() { LabelMin = 0, LabelMax = 5, Bootstrap = 50, Seed = 7 };

    [Fact]
    public void Train_PlantedVocabularySignal_RecoversJudgeRankingOnHeldOutItems()
    {
        var data = Planted(2000, seed: 11);

        var result = ClassifierTrainer.Train(data, "educational_value", Options());

        result.TestItems.Should().BeGreaterThan(100);
        result.Test.Spearman.Should().BeGreaterThanOrEqualTo(0.8);
        result.Test.Pearson.Should().BeGreaterThanOrEqualTo(0.8);
        result.Test.Rmse.Should().BeLessThan(1.0);
        result.Test.F1.Should().BeGreaterThan(0.7);
        result.Test.CohenKappa.Should().BeGreaterThan(0.5);
        result.BestEpoch.Should().BeGreaterThan(0);
        result.Epochs.Should().HaveCountGreaterThanOrEqualTo(result.BestEpoch);
    }

    [Fact]
    public void Train_ShuffledLabels_HeldOutCorrelationStaysNearZero()
    {
        var data = Planted(2000, seed: 11);
        var labels = data.Select(d => d.Label).ToArray();
        new Random(3).Shuffle(labels);
        var shuffled = data.Select((d, i) => d with { Label = labels[i] }).ToList();

        var result = ClassifierTrainer.Train(shuffled, "educational_value", Options());

        result.Test.Spearman.Should().NotBeNull();
        Math.Abs(result.Test.Spearman!.Value).Should().BeLessThan(0.2, "shuffled labels carry no signal the model could learn");
    }

    [Fact]
    public void Train_SameSeedAnyLabelOrder_SameSplitAndWeights()
    {
        var data = Planted(300, seed: 5);
        var reversed = Enumerable.Reverse(data).ToList();
        var options = Options();
        options.MaxEpochs = 3;
        options.Features.Bits = 14;

        var a = ClassifierTrainer.Train(data, "c", options);
        var b = ClassifierTrainer.Train(data, "c", options);
        var c = ClassifierTrainer.Train(reversed, "c", options);

        b.Model.Weights.Should().Equal(a.Model.Weights);
        b.Model.Bias.Should().Be(a.Model.Bias);
        c.TestItems.Should().Be(a.TestItems);
        c.ValidationItems.Should().Be(a.ValidationItems);
    }

    [Fact]
    public void Train_TooFewItems_ThrowsNamingTheCounts()
    {
        var act = () => ClassifierTrainer.Train(Planted(12, seed: 1), "c", Options());

        act.Should().Throw<ArgumentException>().WithMessage("*label more items*");
    }

    [Fact]
    public void Train_ConstantLabels_Throws()
    {
        var data = Planted(100, seed: 1).Select(d => d with { Label = 3 }).ToList();

        var act = () => ClassifierTrainer.Train(data, "c", new ClassifierTrainingOptions());

        act.Should().Throw<ArgumentException>().WithMessage("*nothing to learn*");
    }

    [Fact]
    public void Train_ModelScoresLikeTheTrainer_ThroughQualityClassifier()
    {
        var data = Planted(800, seed: 2);
        var options = Options();
        var result = ClassifierTrainer.Train(data, "educational_value", options);
        using var classifier = QualityClassifier.FromModel(result.Model);

        var high = PlantedQualityCorpus.Generate(200, seed: 99).Where(d => d.Quality > 4).Select(d => classifier.Score(d.Text)).Average();
        var low = PlantedQualityCorpus.Generate(200, seed: 99).Where(d => d.Quality < 1).Select(d => classifier.Score(d.Text)).Average();

        high.Should().BeGreaterThan(low + 1.0);
        result.Model.Metrics!["spearman"]!.GetValue<double>().Should().Be(result.Test.Spearman!.Value);
    }
}

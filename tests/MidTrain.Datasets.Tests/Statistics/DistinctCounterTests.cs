using MidTrain.Datasets.Statistics;

namespace MidTrain.Datasets.Tests.Statistics;

public sealed class DistinctCounterTests
{
    [Fact]
    public void Distinct_UnderCapacity_IsExact()
    {
        var counter = new DistinctCounter(capacity: 2048);
        for (var i = 0; i < 2000; i++)
        {
            counter.Add((ulong)(i % 1000));
        }

        counter.IsExact.Should().BeTrue();
        counter.Distinct.Should().Be(1000);
        counter.Total.Should().Be(2000);
    }

    [Fact]
    public void Distinct_OverCapacity_EstimatesWithinFourStandardErrorsWhateverTheOrder()
    {
        const int distinct = 200_000;
        var values = Enumerable.Range(0, distinct).SelectMany(i => new[] { (ulong)i, (ulong)i }).ToArray();
        var inOrder = new DistinctCounter(capacity: 4096);
        foreach (var value in values)
        {
            inOrder.Add(value);
        }

        new Random(7).Shuffle(values);
        var shuffled = new DistinctCounter(capacity: 4096);
        foreach (var value in values)
        {
            shuffled.Add(value);
        }

        inOrder.IsExact.Should().BeFalse();
        inOrder.Distinct.Should().BeApproximately(distinct, distinct * 4 / Math.Sqrt(4096 - 2));
        shuffled.Distinct.Should().Be(inOrder.Distinct, "the k smallest hashes do not depend on the order");
    }

    [Fact]
    public void QuestionNGrams_WorkedExample_DistinctOneAndTwo()
    {
        var ngrams = new QuestionNGrams();

        ngrams.Add("The cat sat.");
        ngrams.Add("the CAT ran!");

        // Words: the cat sat | the cat ran → 4 distinct of 6; bigrams: the-cat cat-sat | the-cat cat-ran → 3 of 4.
        ngrams.Distinct1.Should().BeApproximately(4.0 / 6, 1e-12);
        ngrams.Distinct2.Should().BeApproximately(3.0 / 4, 1e-12);
    }
}

using MidTrain.Verifiers.Citation.Candidates;

namespace MidTrain.Verifiers.Tests.Citation.Candidates;

public sealed class NGramIndexTests
{
    [Fact]
    public void Find_RandomText_ReturnsExactlyTheNaiveOccurrences()
    {
        var random = new Random(3);
        var text = new string([.. Enumerable.Range(0, 5000).Select(_ => "abcd "[random.Next(5)])]);
        foreach (var n in new[] { 1, 3, 6 })
        {
            var index = new NGramIndex(text, n);
            for (var probe = 0; probe < 200; probe++)
            {
                var gram = text.Substring(random.Next(text.Length - n), n);
                var expected = Enumerable.Range(0, text.Length - n + 1).Where(p => string.CompareOrdinal(text, p, gram, 0, n) == 0).ToList();
                var hits = new List<int>();
                index.Find(gram, hits, int.MaxValue).Should().Be(expected.Count);
                hits.Should().BeEquivalentTo(expected);
            }
        }
    }

    [Fact]
    public void Find_CommonGram_StopsAfterMaxHits()
    {
        var index = new NGramIndex(new string('a', 100), 2);
        var hits = new List<int>();
        index.Find("aa", hits, 10).Should().Be(11);
        hits.Should().HaveCount(10);
    }
}

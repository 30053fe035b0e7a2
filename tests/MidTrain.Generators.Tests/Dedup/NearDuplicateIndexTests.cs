using MidTrain.Generators.Dedup;

namespace MidTrain.Generators.Tests.Dedup;

public sealed class NearDuplicateIndexTests
{
    private static IEnumerable<string> Describe(DuplicateDecisions decisions) =>
        decisions.Losers.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}>{l.Value.KeptId}/{l.Value.ClusterSize}/{l.Value.Exact}");

    private static string KeptOf(DuplicateDecisions decisions, string id) => decisions.Losers.TryGetValue(id, out var loss) ? loss.KeptId : id;

    [Fact]
    public void Settle_ExactAfterNormalisation_OneClusterKeepingTheSmallestId()
    {
        var index = new NearDuplicateIndex();
        index.Offer("q2", "when was the BELL ROCK lighthouse built ??").IsDuplicate.Should().BeFalse();
        var second = index.Offer("q1", "When was the Bell Rock Lighthouse built?");

        second.IsDuplicate.Should().BeFalse("q1 has the same key and a smaller id: it may win");
        var decisions = index.Settle();
        decisions.Losers.Keys.Should().Equal("q2");
        decisions.Losers["q2"].Should().Be(new DuplicateOfWinner("q1", 2, Exact: true));
        index.Offer("q3", "when was the bell rock lighthouse built").Should().Be(new DuplicateOffer("q1", Exact: true), "a larger id with the same text loses at once");
    }

    [Theory]
    [InlineData("In what year was the Bell Rock Lighthouse completed?", "What year was the Bell Rock Lighthouse completed?")]
    [InlineData("What is the height of the tower of the Bell Rock Lighthouse?", "What is the exact height of the tower of the Bell Rock Lighthouse?")]
    [InlineData("Explain how the Millau Viaduct deck was launched from both sides of the Tarn valley", "Explain how the deck of the Millau Viaduct was launched from both sides of the Tarn valley")]
    public void Settle_ParaphraseWithHighWordOverlap_IsOneClusterWhicheverArrivesFirst(string first, string second)
    {
        var forward = new NearDuplicateIndex();
        forward.Offer("a", first);
        forward.Offer("b", second);
        var backward = new NearDuplicateIndex();
        backward.Offer("b", second);
        backward.Offer("a", first);

        var decisions = forward.Settle();
        decisions.Losers.Should().ContainSingle();
        decisions.Losers.Should().BeEquivalentTo(backward.Settle().Losers);
    }

    [Fact]
    public void Offer_DistinctQuestionsAboutTheSameSubject_AreAllKept()
    {
        var index = new NearDuplicateIndex();
        string[] questions =
        [
            "Who designed the Bell Rock Lighthouse?",
            "When was the Bell Rock Lighthouse automated?",
            "How tall is the tower of the Bell Rock Lighthouse?",
            "Why did the keepers leave the Bell Rock Lighthouse in 1988?",
            "Quand le phare de Bell Rock a-t-il été automatisé ?",
            "What stone was used to build the lighthouse on the reef?",
        ];

        questions.Select((q, i) => index.Offer($"q{i}", q).IsDuplicate).Should().OnlyContain(d => !d);
        index.Settle().Losers.Should().BeEmpty();
    }

    [Fact]
    public void Offer_RejectedAtOnce_IsAlsoALoserAtSettle()
    {
        // Whatever Offer rejects must be rejected by Settle: an early rejection is final.
        var texts = CollidingTexts(400, seed: 3);
        var index = new NearDuplicateIndex();
        var early = texts.Where(t => index.Offer(t.Id, t.Text).IsDuplicate).Select(t => t.Id).ToList();

        early.Should().NotBeEmpty();
        index.Settle().Losers.Keys.Should().Contain(early);
    }

    [Fact]
    public void Settle_ShuffledArrivalOrders_IdenticalDecisions()
    {
        var texts = CollidingTexts(600, seed: 11);
        var random = new Random(17);
        DuplicateDecisions? reference = null;
        for (var order = 0; order < 6; order++)
        {
            var shuffled = texts.OrderBy(_ => random.Next()).ToList();
            var index = new NearDuplicateIndex();
            foreach (var (id, text) in shuffled)
            {
                index.Offer(id, text);
            }

            var decisions = index.Settle();
            reference ??= decisions;
            Describe(decisions).Should().Equal(Describe(reference), $"arrival order {order}");
        }

        reference!.Losers.Count.Should().BeGreaterThan(100, "the corpus is built to collide");
        reference.Clusters.Should().BeGreaterThan(2);
    }

    [Fact]
    public void Settle_ConcurrentOffers_SameDecisionsAsSequential()
    {
        var texts = CollidingTexts(800, seed: 5);
        var sequential = new NearDuplicateIndex();
        foreach (var (id, text) in texts)
        {
            sequential.Offer(id, text);
        }

        var concurrent = new NearDuplicateIndex();
        Parallel.ForEach(texts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, t => concurrent.Offer(t.Id, t.Text));

        Describe(concurrent.Settle()).Should().Equal(Describe(sequential.Settle()));
    }

    [Fact]
    public void Settle_AgreesWithASlowAllPairsReference()
    {
        // Reference: all pairs (no LSH), the same similarity estimate, connected components, smallest (key, id) kept.
        var texts = CollidingTexts(250, seed: 7);
        var index = new NearDuplicateIndex();
        foreach (var (id, text) in texts)
        {
            index.Offer(id, text);
        }

        var hasher = new MinHasher(new NearDuplicateOptions());
        var items = texts.Select(t => (t.Id, Key: MinHasher.CanonicalKey(MinHasher.Normalise(t.Text)), Sig: hasher.Signature(MinHasher.Normalise(t.Text)))).ToArray();
        var component = Enumerable.Range(0, items.Length).ToArray();
        int Find(int x) => component[x] == x ? x : component[x] = Find(component[x]);
        for (var i = 0; i < items.Length; i++)
        {
            for (var j = i + 1; j < items.Length; j++)
            {
                if (items[i].Key == items[j].Key || MinHasher.Estimate(items[i].Sig, items[j].Sig) >= 0.7)
                {
                    component[Find(i)] = Find(j);
                }
            }
        }

        var expected = items.Select((it, i) => (it.Id, Winner: items.Where((_, k) => Find(k) == Find(i)).OrderBy(o => o.Key).ThenBy(o => o.Id, StringComparer.Ordinal).First().Id)).ToList();
        var decisions = index.Settle();
        expected.Select(e => KeptOf(decisions, e.Id)).Should().Equal(expected.Select(e => e.Winner));
    }

    [Fact]
    public void Settle_ChainOfDuplicates_IsOneClusterWithOneKept()
    {
        // a~b and b~c while a is not close to c: one cluster, one kept (union-find, as datatrove's MinHash dedup).
        var options = new NearDuplicateOptions { Jaccard = 0.7, ShingleWords = 1 };
        var words = Enumerable.Range(1, 20).Select(i => $"w{i}").ToArray();
        var a = string.Join(' ', words);
        var b = string.Join(' ', words[..18].Append("x1").Append("x2"));
        var c = string.Join(' ', words[..16].Concat(["x1", "x2", "y1", "y2"]));
        var hasher = new MinHasher(options);
        double Similarity(string x, string y) => MinHasher.Estimate(hasher.Signature(MinHasher.Normalise(x)), hasher.Signature(MinHasher.Normalise(y)));
        Similarity(a, b).Should().BeGreaterThanOrEqualTo(0.7);
        Similarity(b, c).Should().BeGreaterThanOrEqualTo(0.7);
        Similarity(a, c).Should().BeLessThan(0.7);
        var index = new NearDuplicateIndex(options);
        index.Offer("a", a);
        index.Offer("c", c);
        index.Offer("b", b);

        var decisions = index.Settle();

        decisions.Clusters.Should().Be(1);
        decisions.Losers.Should().HaveCount(2);
        decisions.Losers.Values.Select(l => l.KeptId).Distinct().Should().ContainSingle();
    }

    /// <summary>Questions over few templates and topics, with small wording changes, so many near-duplicates collide.</summary>
    internal static List<(string Id, string Text)> CollidingTexts(int count, int seed)
    {
        var random = new Random(seed);
        string[] templates =
        [
            "What does the {0} say about the history of {1}?",
            "Explain the history of {1} as described in the {0}.",
            "Why is {1} important according to the {0}?",
            "Summarise what the {0} tells us about {1} and its origins.",
        ];
        string[] sources = ["passage", "text", "document", "article"];
        string[] topics = ["the lighthouse", "the viaduct", "the glacier", "the harbour", "the old mill", "the cathedral", "the canal", "the observatory"];
        return Enumerable.Range(0, count).Select(i =>
        {
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, templates[random.Next(templates.Length)], sources[random.Next(sources.Length)], topics[random.Next(topics.Length)]);
            if (random.Next(3) == 0)
            {
                text += " Please be brief.";
            }

            return ($"s{i:D4}", text);
        }).ToList();
    }
}

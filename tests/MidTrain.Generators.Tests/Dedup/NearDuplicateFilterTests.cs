using MidTrain.Generators.Dedup;

namespace MidTrain.Generators.Tests.Dedup;

public sealed class NearDuplicateFilterTests
{
    [Fact]
    public void Offer_ExactAfterNormalisation_IsDroppedAsExact()
    {
        var filter = new NearDuplicateFilter();
        filter.Offer("When was the Bell Rock Lighthouse built?", "q1", out _).Should().Be(DuplicateKind.None);

        filter.Offer("when was the BELL ROCK lighthouse built ??", "q2", out var of).Should().Be(DuplicateKind.Exact);
        of.Should().Be("q1");
    }

    [Theory]
    [InlineData("In what year was the Bell Rock Lighthouse completed?", "What year was the Bell Rock Lighthouse completed?")]
    [InlineData("What is the height of the tower of the Bell Rock Lighthouse?", "What is the exact height of the tower of the Bell Rock Lighthouse?")]
    [InlineData("Explain how the Millau Viaduct deck was launched from both sides of the Tarn valley", "Explain how the deck of the Millau Viaduct was launched from both sides of the Tarn valley")]
    public void Offer_ParaphraseWithHighWordOverlap_IsDroppedAsNear(string first, string second)
    {
        var filter = new NearDuplicateFilter();
        filter.Offer(first, "a", out _).Should().Be(DuplicateKind.None);
        filter.Offer(second, "b", out var of).Should().Be(DuplicateKind.Near);
        of.Should().Be("a");
    }

    [Fact]
    public void Offer_DistinctQuestionsAboutTheSameSubject_AreKept()
    {
        var filter = new NearDuplicateFilter();
        string[] questions =
        [
            "Who designed the Bell Rock Lighthouse?",
            "When was the Bell Rock Lighthouse automated?",
            "How tall is the tower of the Bell Rock Lighthouse?",
            "Why did the keepers leave the Bell Rock Lighthouse in 1988?",
            "Quand le phare de Bell Rock a-t-il été automatisé ?",
            "What stone was used to build the lighthouse on the reef?",
        ];

        questions.Select((q, i) => filter.Offer(q, $"q{i}", out _)).Should().OnlyContain(k => k == DuplicateKind.None);
        filter.Kept.Should().Be(questions.Length);
    }

    [Fact]
    public void Offer_Stream_CountsWhatWasDroppedAndWhy()
    {
        var filter = new NearDuplicateFilter();
        filter.Offer("What is catalase?", "1", out _);
        filter.Offer("what is catalase", "2", out _);
        filter.Offer("What exactly is catalase, the enzyme?", "3", out _);
        filter.Offer("Where is the Aletsch glacier?", "4", out _);

        filter.Seen.Should().Be(4);
        filter.ExactDuplicates.Should().Be(1);
        filter.Figures()["duplicate_rate"].Should().BeApproximately((filter.ExactDuplicates + filter.NearDuplicates) / 4.0, 1e-9);
    }
}

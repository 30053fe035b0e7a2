using MidTrain.Core.Configuration;
using MidTrain.Core.Records;
using MidTrain.Generators.Assembly;
using MidTrain.Generators.Chunking;

namespace MidTrain.Generators.Tests.Assembly;

public sealed class ContextAssemblerTests
{
    private static (List<AssembledContext<Document>> Contexts, List<AssemblyLeftover<Document>> Leftovers) Run(ContextAssemblerOptions options, IEnumerable<Document> documents)
    {
        var assembler = new ContextAssembler<Document>(options);
        var contexts = new List<AssembledContext<Document>>();
        var leftovers = new List<AssemblyLeftover<Document>>();
        foreach (var document in documents)
        {
            var step = assembler.Offer(ContextCandidate.From(document), document);
            contexts.AddRange(step.Contexts);
            leftovers.AddRange(step.Leftovers);
        }

        var last = assembler.Flush();
        contexts.AddRange(last.Contexts);
        leftovers.AddRange(last.Leftovers);
        return (contexts, leftovers);
    }

    public static TheoryData<string, AssemblyMode> Tokenizers() => new()
    {
        { "additive", AssemblyMode.Sequential },
        { "additive", AssemblyMode.Similar },
        { "additive", AssemblyMode.Random },
        { "join-cost", AssemblyMode.Sequential },
        { "join-cost", AssemblyMode.Similar },
    };

    [Theory]
    [MemberData(nameof(Tokenizers))]
    public void Offer_TokenBudget_FullContextsHitTheTargetWithinFivePercentCountedOnTheWholeText(string tokenizer, AssemblyMode mode)
    {
        Func<string, int> count = tokenizer == "additive" ? SyntheticCorpus.CountTokens : SyntheticCorpus.CountTokensWithJoinCost;
        var options = new ContextAssemblerOptions { Mode = mode, TargetTokens = 4096, CountTokens = count, Seed = 3 };

        var (contexts, _) = Run(options, SyntheticCorpus.Documents(400, seed: 1));

        var full = contexts.Where(c => !c.Short).ToList();
        full.Should().HaveCountGreaterThan(15);
        foreach (var context in full)
        {
            context.Context.Tokens.Should().Be(count(context.Context.Text), "the recorded length is the whole text's");
            context.Context.Tokens.Should().BeInRange(3892, 4096, "within 5% below the target, never above");
        }

        contexts.Count(c => c.Short).Should().BeLessThanOrEqualTo(1, "only the last context may be short");
    }

    [Theory]
    [InlineData(AssemblyMode.Sequential)]
    [InlineData(AssemblyMode.Similar)]
    [InlineData(AssemblyMode.Random)]
    public void Offer_CharacterBudget_FullContextsWithinBandAndEveryDocumentEndsOnce(AssemblyMode mode)
    {
        var documents = SyntheticCorpus.Documents(300, seed: 2);
        var options = new ContextAssemblerOptions { Mode = mode, TargetChars = 20_000, Seed = 9 };

        var (contexts, leftovers) = Run(options, documents);

        contexts.Where(c => !c.Short).Should().OnlyContain(c => c.Context.Text.Length >= 19_000 && c.Context.Text.Length <= 20_000);
        contexts.Should().OnlyContain(c => c.Context.Tokens == null);
        var ended = contexts.SelectMany(c => c.Members).Concat(leftovers.Select(l => l.Handle)).Select(d => d.Id).ToList();
        ended.Should().OnlyHaveUniqueItems().And.BeEquivalentTo(documents.Select(d => d.Id));
        contexts.Select(c => c.Context.Id).Should().OnlyHaveUniqueItems();
    }

    [Theory]
    [InlineData(AssemblyMode.Sequential, false)]
    [InlineData(AssemblyMode.Similar, true)]
    [InlineData(AssemblyMode.Random, false)]
    public void Offer_AnyMode_SpansMapBackExactlyAndDocumentsAreDelimitedAndNumbered(AssemblyMode mode, bool showIds)
    {
        var documents = SyntheticCorpus.Documents(120, seed: 4, maxWords: 2000);
        var byId = documents.ToDictionary(d => d.Id);
        var options = new ContextAssemblerOptions { Mode = mode, TargetTokens = 3000, CountTokens = SyntheticCorpus.CountTokens, ShowIds = showIds, MaxDocumentShare = 0.4 };

        var (contexts, _) = Run(options, documents);

        contexts.Should().NotBeEmpty();
        contexts.SelectMany(c => c.Context.Documents).Should().Contain(d => d.Truncated, "long documents are cut to the share and the last one to the band");
        foreach (var context in contexts.Select(c => c.Context))
        {
            context.Documents.Select(d => d.Number).Should().Equal(Enumerable.Range(1, context.Documents.Count));
            context.Documents.Select(d => d.Start).Should().BeInAscendingOrder();
            foreach (var document in context.Documents)
            {
                var source = byId[document.Id].Text;
                context.Text[document.Start..document.End].Should().Be(source[document.SourceStart..document.SourceEnd]);
                document.Truncated.Should().Be(document.SourceEnd < source.Length);
                var header = showIds ? $"<document number=\"{document.Number}\" id=\"{document.Id}\">\n" : $"<document number=\"{document.Number}\">\n";
                context.Text[..document.Start].Should().EndWith(header);
                context.Text[document.End..].Should().StartWith("\n</document>");
                document.Tokens.Should().Be(SyntheticCorpus.CountTokens(source[document.SourceStart..document.SourceEnd]));
                document.Language.Should().Be("en");
                context.DocumentAt(document.Start).Should().Be(document);
                context.DocumentAt(document.End - 1).Should().Be(document);
                context.DocumentAt(document.End).Should().BeNull();
            }

            if (mode == AssemblyMode.Sequential)
            {
                context.Documents.Select(d => d.Id).Should().BeInAscendingOrder("sequential contexts keep the arrival order");
            }
        }
    }

    [Fact]
    public void Offer_Passages_SpansMapBackToTheirDocuments()
    {
        var documents = SyntheticCorpus.Documents(40, seed: 5, minWords: 400, maxWords: 1500);
        var chunker = new PassageChunker(new ChunkerOptions { MaxChars = 1500, MinChars = 20 });
        var passages = documents.SelectMany(chunker.Chunk).ToList();
        var assembler = new ContextAssembler<Passage>(new ContextAssemblerOptions { TargetChars = 8000, Mode = AssemblyMode.Random });
        var contexts = passages.SelectMany(p => assembler.Offer(ContextCandidate.From(p), p).Contexts).Concat(assembler.Flush().Contexts).ToList();

        contexts.Should().NotBeEmpty();
        foreach (var context in contexts.Select(c => c.Context))
        {
            foreach (var document in context.Documents)
            {
                document.Passage.Should().NotBeNull();
                var source = documents.Single(d => d.Id == document.Id).Text;
                context.Text[document.Start..document.End].Should().Be(source[document.SourceStart..document.SourceEnd]);
            }
        }
    }

    [Fact]
    public void Offer_KeyedByMetadata_ContextsNeverMixValues()
    {
        var options = new ContextAssemblerOptions { Key = "topic", TargetChars = 12_000, Mode = AssemblyMode.Sequential, Window = 8 };

        var (contexts, _) = Run(options, SyntheticCorpus.Documents(300, seed: 6));

        contexts.Should().HaveCountGreaterThan(10);
        foreach (var context in contexts)
        {
            context.Members.Select(SyntheticCorpus.TopicOf).Distinct().Should().ContainSingle().Which.Should().Be(context.Context.Partition);
        }
    }

    [Fact]
    public void Offer_Similar_GathersOneTopicWhereRandomMixesThem()
    {
        static double Purity(IEnumerable<AssembledContext<Document>> contexts) => contexts.Average(c =>
            (double)c.Members.GroupBy(SyntheticCorpus.TopicOf).Max(g => g.Count()) / c.Members.Count);
        var documents = SyntheticCorpus.Documents(400, seed: 7, minWords: 80, maxWords: 200);

        var similar = Run(new ContextAssemblerOptions { Mode = AssemblyMode.Similar, TargetChars = 10_000, Window = 8 }, documents).Contexts;
        var random = Run(new ContextAssemblerOptions { Mode = AssemblyMode.Random, TargetChars = 10_000, Window = 8 }, documents).Contexts;

        Purity(similar.Where(c => !c.Short)).Should().BeGreaterThan(0.9);
        Purity(random.Where(c => !c.Short)).Should().BeLessThan(0.5, "five topics drawn at random");
    }

    [Fact]
    public void Offer_Random_SameSeedSameContexts_OtherSeedOtherOnes()
    {
        var documents = SyntheticCorpus.Documents(200, seed: 8);
        string Ids(long seed) => string.Join(',', Run(new ContextAssemblerOptions { Mode = AssemblyMode.Random, TargetChars = 15_000, Seed = seed }, documents).Contexts.Select(c => c.Context.Id));

        Ids(1).Should().Be(Ids(1));
        Ids(2).Should().NotBe(Ids(1));
    }

    [Theory]
    [InlineData(AssemblyMode.Sequential)]
    [InlineData(AssemblyMode.Similar)]
    public void Offer_AnyMode_HoldsAtMostTheWindow(AssemblyMode mode)
    {
        var documents = SyntheticCorpus.Documents(500, seed: 10, maxWords: 300);
        var options = new ContextAssemblerOptions { Mode = mode, TargetChars = 6_000, Window = 3 };
        var assembler = new ContextAssembler<Document>(options);
        var held = new HashSet<string>();
        var maxHeldChars = 0L;
        foreach (var document in documents)
        {
            held.Add(document.Id);
            var step = assembler.Offer(ContextCandidate.From(document), document);
            foreach (var member in step.Contexts.SelectMany(c => c.Members).Concat(step.Leftovers.Select(l => l.Handle)))
            {
                held.Remove(member.Id);
            }

            maxHeldChars = Math.Max(maxHeldChars, documents.Where(d => held.Contains(d.Id)).Sum(d => (long)d.Text.Length));
        }

        maxHeldChars.Should().BeLessThanOrEqualTo(3 * 6_000 + documents.Max(d => d.Text.Length));
    }

    [Fact]
    public void Flush_RemainderBelowMinFill_IsReturnedAsLeftoversWithTheReason()
    {
        var documents = SyntheticCorpus.Documents(3, seed: 11, minWords: 100, maxWords: 120);

        var (contexts, leftovers) = Run(new ContextAssemblerOptions { TargetChars = 50_000, MinFill = 0.5 }, documents);

        contexts.Should().BeEmpty();
        leftovers.Should().HaveCount(3).And.OnlyContain(l => l.Reason.Contains("too little text left", StringComparison.Ordinal) && l.Reason.Contains("50000 chars", StringComparison.Ordinal));
    }

    [Fact]
    public void Flush_RemainderAboveMinFill_IsAShortContext()
    {
        var documents = SyntheticCorpus.Documents(3, seed: 11, minWords: 100, maxWords: 120);

        var (contexts, leftovers) = Run(new ContextAssemblerOptions { TargetChars = 4_000, MinFill = 0.1, MaxDocumentShare = 1 }, documents);

        leftovers.Should().BeEmpty();
        contexts.Should().ContainSingle().Which.Short.Should().BeTrue();
        contexts[0].Members.Should().HaveCount(3);
    }

    [Fact]
    public void Offer_BlankText_IsALeftoverAtOnce()
    {
        var assembler = new ContextAssembler<string>(new ContextAssemblerOptions { TargetChars = 1000 });

        var step = assembler.Offer(new ContextCandidate("blank", "  \n "), "blank");

        step.Leftovers.Should().ContainSingle().Which.Reason.Should().Contain("empty text");
        assembler.Leftovers.Should().Be(1);
    }

    [Theory]
    [InlineData(0, 0, "target_tokens")]
    [InlineData(1000, 1000, "target_chars")]
    [InlineData(1000, 0, "target_tokens")]
    [InlineData(0, 10, "target_chars")]
    public void Constructor_BadBudget_NamesTheKey(int tokens, int chars, string key)
    {
        var act = () => new ContextAssembler<string>(new ContextAssemblerOptions { TargetTokens = tokens, TargetChars = chars });

        act.Should().Throw<OptionsValidationException>().Which.Key.Should().Be(key);
    }
}

using System.Text.Json;
using MidTrain.Core.Failures;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Generators.Assembly;
using MidTrain.Generators.Backtranslation;
using MidTrain.Generators.LongContext;

namespace MidTrain.Generators.Tests.LongContext;

public sealed class LongContextGeneratorTests
{
    private static Dictionary<LongContextTaskType, PromptTemplate> Prompts() => Enum.GetValues<LongContextTaskType>()
        .ToDictionary(t => t, t => PromptLibrary.Load($"long_context/{MidTrain.Core.Configuration.ConfigNames.SnakeCase(t.ToString())}"));

    private static LongContextGenerator Generator(LongContextOptions options, ScriptedChatClient? model = null) =>
        new(options, model ?? FakeTeacher.LongContext(), Prompts());

    private static List<Core.Records.LongContext> Contexts(int count, int targetChars, int seed = 1)
    {
        var assembler = new ContextAssembler<Document>(new ContextAssemblerOptions { TargetChars = targetChars, MaxDocumentShare = 0.3 });
        var contexts = new List<Core.Records.LongContext>();
        foreach (var document in SyntheticCorpus.Documents(count * targetChars / 2000, seed, minWords: 100, maxWords: 500))
        {
            contexts.AddRange(assembler.Offer(ContextCandidate.From(document), document).Contexts.Where(c => !c.Short).Select(c => c.Context));
            if (contexts.Count >= count)
            {
                break;
            }
        }

        contexts.Should().HaveCount(count, "the synthetic corpus is large enough");
        return contexts;
    }

    private static async Task<List<Sample>> GenerateAll(LongContextGenerator generator, IEnumerable<Core.Records.LongContext> contexts, long seed = 5)
    {
        var samples = new List<Sample>();
        foreach (var context in contexts)
        {
            await foreach (var sample in generator.GenerateAsync(context, MidTrain.Core.Hashing.SeedDerivation.Derive(seed, context.Id)))
            {
                samples.Add(sample);
            }
        }

        return samples;
    }

    [Fact]
    public async Task GenerateAsync_UniformDepths_EvidenceDepthsFollowTheUniformDistributionOverAThousandSamples()
    {
        var generator = Generator(new LongContextOptions { Model = "m", TaskTypes = WeightedValues.Uniform(["needle"]), PerContext = 10 });

        var samples = await GenerateAll(generator, Contexts(100, targetChars: 30_000));

        samples.Should().HaveCount(1000);
        var deciles = new int[10];
        foreach (var sample in samples)
        {
            var evidence = LongContextFields.ReadEvidence(sample).Single();
            deciles[Math.Min(9, (int)(evidence.Depth * 10))]++;
            Math.Abs(evidence.TargetDepth - evidence.Depth).Should().BeLessThan(0.02, "the passage starts at the sentence holding the drawn point, which is short next to the context");
        }

        // Pearson's χ² against 100 per decile, 9 degrees of freedom: 21.67 is the 1% critical value.
        var chiSquare = deciles.Sum(n => (n - 100.0) * (n - 100.0) / 100.0);
        chiSquare.Should().BeLessThan(21.67, $"decile counts {string.Join(", ", deciles)}");
        deciles.Should().OnlyContain(n => n >= 50 && n <= 150, "each decile holds 10% ± 5 percentage points");
    }

    [Fact]
    public async Task GenerateAsync_FixedDepths_EvidenceStartsAtThoseDepths()
    {
        var generator = Generator(new LongContextOptions { Model = "m", TaskTypes = WeightedValues.Uniform(["needle"]), PerContext = 6, Depths = DepthDistribution.Fixed([10, 50, 90]) });

        var samples = await GenerateAll(generator, Contexts(20, targetChars: 30_000));

        var depths = samples.Select(s => LongContextFields.ReadEvidence(s).Single()).ToList();
        depths.Select(d => d.TargetDepth).Distinct().Order().Should().Equal(0.1, 0.5, 0.9);
        depths.Should().OnlyContain(d => Math.Abs(d.TargetDepth - d.Depth) < 0.02);
    }

    [Fact]
    public async Task GenerateAsync_MultiHop_EvidenceInDifferentDocumentsQuotedAndCitedByNumber()
    {
        var generator = Generator(new LongContextOptions { Model = "m", TaskTypes = WeightedValues.Uniform(["multi_hop"]), Hops = 3, PerContext = 20 });
        var context = Contexts(1, targetChars: 20_000)[0];

        var samples = await GenerateAll(generator, [context]);

        samples.Should().HaveCount(20);
        foreach (var sample in samples)
        {
            var evidence = LongContextFields.ReadEvidence(sample);
            evidence.Select(e => e.Document).Should().OnlyHaveUniqueItems().And.HaveCount(3);
            evidence.Select(e => e.Start).Should().BeInAscendingOrder("passages are shown in context order");
            LongContextFields.ReadMinDocuments(sample).Should().Be(3);
            sample.Attributes["task_type"].Should().Be("multi_hop");
            var answer = sample.LastAssistantContent!;
            var blocks = answer.Split("\n\n").Skip(1).ToList();
            blocks.Should().HaveCount(3, "one block quote per passage after the answer");
            foreach (var (block, e) in blocks.Zip(evidence))
            {
                var firstLine = context.Text[e.Start..e.End].Split(". ")[0].Split('\n')[0];
                block.Should().StartWith("> " + firstLine).And.EndWith($" [Document {e.Document}]");
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_ModelSeesOnlyTheEvidencePassages()
    {
        var model = FakeTeacher.LongContext();
        var generator = Generator(new LongContextOptions { Model = "m", TaskTypes = WeightedValues.Uniform(["compare"]), PerContext = 3, EvidenceChars = 300 }, model);
        var context = Contexts(1, targetChars: 60_000)[0];

        var samples = await GenerateAll(generator, [context]);

        model.Calls.Should().HaveCount(3);
        foreach (var (call, sample) in model.Calls.Zip(samples))
        {
            var prompt = string.Concat(call.Messages.Select(m => m.Text));
            prompt.Length.Should().BeLessThan(4_000, "two passages of about 300 characters and the instructions, not 60,000 characters");
            foreach (var e in LongContextFields.ReadEvidence(sample))
            {
                prompt.Should().Contain(context.Text[e.Start..e.End]);
                prompt.Should().Contain($"(Document {e.Document})");
            }
        }
    }

    [Theory]
    [InlineData(QuestionPosition.End)]
    [InlineData(QuestionPosition.Start)]
    [InlineData(QuestionPosition.Both)]
    public async Task GenerateAsync_AnyQuestionPosition_LayoutOffsetPointsAtTheContext(QuestionPosition position)
    {
        var context = TestSamples.Context();
        var generator = Generator(new LongContextOptions { Model = "m", PerContext = 4, QuestionPosition = position });

        var samples = await GenerateAll(generator, [context]);

        foreach (var sample in samples)
        {
            var user = sample.Messages[0].Content;
            var layout = LongContextFields.ReadLayout(sample)!;
            user.Substring(layout.Offset, layout.Chars).Should().Be(context.Text);
            var question = sample.Fields![LongContextFields.Question].GetString()!;
            switch (position)
            {
                case QuestionPosition.End:
                    user.Should().EndWith(question + "\n\n" + new LongContextOptions().Instruction);
                    break;
                case QuestionPosition.Start:
                    user.Should().StartWith(question + "\n\n");
                    break;
                default:
                    user.Should().StartWith(question + "\n\n").And.Contain("\n\n" + question + "\n\n");
                    break;
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_TaskTypeMix_FollowsTheWeightsAmongFeasibleTypes()
    {
        var generator = Generator(new LongContextOptions { Model = "m", TaskTypes = new WeightedValues([("needle", 3), ("compare", 1)]), PerContext = 20 });

        var samples = await GenerateAll(generator, Contexts(25, targetChars: 10_000));
        var oneDocument = await GenerateAll(generator, [TestSamples.Context(documents: [TestSamples.ContextDocuments[0]])]);

        var needles = samples.Count(s => s.Attributes["task_type"] == "needle");
        ((double)needles / samples.Count).Should().BeApproximately(0.75, 0.05);
        oneDocument.Should().OnlyContain(s => s.Attributes["task_type"] == "needle", "a comparison needs two documents");
    }

    [Fact]
    public async Task GenerateAsync_ReplyWithTooFewQuotes_RetriesThenFailsAsParse()
    {
        var model = new ScriptedChatClient((_, _, _) => JsonSerializer.Serialize(new { question = "Which two years are compared here?", answer = "1807", evidence = new[] { "It was built between 1807 and 1810." } }));
        var generator = Generator(new LongContextOptions { Model = "m", TaskTypes = WeightedValues.Uniform(["compare"]), PerContext = 1, MaxParseRetries = 1 }, model);

        var act = async () => await GenerateAll(generator, [TestSamples.Context()]);

        (await act.Should().ThrowAsync<ItemFailureException>()).Which.Kind.Should().Be("parse");
        model.CallCount.Should().Be(2);
    }

    [Fact]
    public void Constructor_PromptSchemaFixesTheEvidenceCountPerTaskType()
    {
        var generator = Generator(new LongContextOptions { Model = "m", Hops = 4, AggregateDocuments = 5 });

        int Count(LongContextTaskType type) => generator.Prompts[type].Settings.JsonSchema!.Value.GetProperty("properties").GetProperty("evidence").GetProperty("maxItems").GetInt32();

        Count(LongContextTaskType.Needle).Should().Be(1);
        Count(LongContextTaskType.MultiHop).Should().Be(4);
        Count(LongContextTaskType.Aggregate).Should().Be(5);
        Count(LongContextTaskType.Compare).Should().Be(2);
        generator.Prompts[LongContextTaskType.MultiHop].Sha256.Should().NotBe(PromptLibrary.Load("long_context/multi_hop").Sha256);
    }

    [Theory]
    [InlineData("task_types", "riddle")]
    public void Validate_UnknownTaskType_NamesTheKey(string key, string value)
    {
        var options = new LongContextOptions { Model = "m", TaskTypes = WeightedValues.Uniform([value]) };

        var act = options.Validate;

        act.Should().Throw<MidTrain.Core.Configuration.OptionsValidationException>().Which.Key.Should().Be(key);
    }
}

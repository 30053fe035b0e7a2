using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Records;
using MidTrain.Filters.Components;
using MidTrain.Filters.Contracts;
using MidTrain.Filters.Language;

namespace MidTrain.Filters.Tests.Language;

public sealed class LanguageFilterTests
{
    private const string French = "La bibliothèque municipale ouvrira ses portes plus tard le samedi pendant les travaux de rénovation.";
    private const string German = "Die Stadtbibliothek öffnet während der Renovierungsarbeiten am Samstag erst später.";
    private const string English = "The public library will open later on Saturdays while the renovation works are going on.";

    [Fact]
    public async Task FilterAsync_KeptLanguage_AnnotatesLanguageAndConfidence()
    {
        var decision = await Filter(new LanguageFilterOptions { Keep = ["en", "fr"] }).FilterAsync(Doc(French));

        decision.IsRejected.Should().BeFalse();
        decision.Annotations["language"].GetString().Should().Be("fr");
        decision.Annotations["language_confidence"].GetDouble().Should().BeInRange(0.8, 1.0);
    }

    [Fact]
    public async Task FilterAsync_OtherLanguage_RejectsWithDetails()
    {
        var decision = await Filter(new LanguageFilterOptions { Keep = ["en", "fr"] }).FilterAsync(Doc(German));

        decision.IsRejected.Should().BeTrue();
        decision.Reason.Should().Be("language_not_kept");
        decision.Annotations["language"].GetString().Should().Be("de");
        decision.Details!.Value.GetProperty("detected").GetString().Should().Be("de");
        decision.Message.Should().Contain("de").And.Contain("en, fr");
    }

    [Fact]
    public async Task FilterAsync_LowConfidence_RejectsAsUncertain()
    {
        // Lingua (low accuracy) reads this Spanish sentence as Portuguese with about 0.7 confidence.
        const string ambiguous = "Cada otoño los gansos cruzan el cielo sobre nuestra casa en largas filas ruidosas.";
        var filter = Filter(new LanguageFilterOptions { Keep = ["es", "pt"], MinConfidence = 0.95 });

        var decision = await filter.FilterAsync(Doc(ambiguous));

        decision.IsRejected.Should().BeTrue();
        decision.Reason.Should().Be("language_uncertain");
        var details = decision.Details!.Value;
        details.GetProperty("confidence").GetDouble().Should().BeLessThan(0.95);
        (details.GetProperty("detected").GetString(), details.GetProperty("runner_up").GetString()).Should().Be(("pt", "es"), "the two languages it hesitates between are named");
        details.GetProperty("runner_up_confidence").GetDouble().Should().BeLessThanOrEqualTo(details.GetProperty("confidence").GetDouble());
    }

    [Fact]
    public async Task FilterAsync_NoLetters_RejectsAsUnknown()
    {
        var decision = await Filter(new LanguageFilterOptions { Keep = ["en"] }).FilterAsync(Doc("12 + 30 = 42; 3.14 * 2 = 6.28 !!!"));
        decision.Reason.Should().Be("language_unknown");
    }

    [Fact]
    public async Task FilterAsync_Check_ReadsOnlyTheSelectedRoles()
    {
        var sample = FilterItem.FromSample(new Sample
        {
            Id = "s",
            Source = new SourceSpan("d", 0, 0, 0),
            Messages = [new Message("system", English + " " + English), new Message("user", French), new Message("assistant", French)],
        });

        (await Filter(new LanguageFilterOptions { Keep = ["fr"], Check = ["user", "assistant"] }).FilterAsync(sample)).IsRejected.Should().BeFalse();
        (await Filter(new LanguageFilterOptions { Keep = ["fr"], Check = ["system"] }).FilterAsync(sample)).Reason.Should().Be("language_not_kept");
    }

    [Fact]
    public async Task FilterAsync_Concurrently_GivesTheSameDecisionsAsSequentially()
    {
        var filter = Filter(new LanguageFilterOptions { Keep = ["en", "fr", "de"] });
        var sentences = LabelledSentences.Load().Take(120).ToArray();
        var sequential = new List<string?>();
        foreach (var (_, text) in sentences)
        {
            sequential.Add((await filter.FilterAsync(Doc(text))).Annotations["language"].GetString());
        }

        var parallel = new string?[sentences.Length];
        await Parallel.ForAsync(0, sentences.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (i, ct) =>
            parallel[i] = (await filter.FilterAsync(Doc(sentences[i].Text), ct)).Annotations["language"].GetString());

        parallel.Should().Equal(sequential);
    }

    [Theory]
    [InlineData("keep: []", "keep")]
    [InlineData("keep: [xx]", "keep")]
    [InlineData("keep: [fr]\nlanguages: [en, de]", "languages")]
    [InlineData("keep: [fr]\nmin_confidence: 1.5", "min_confidence")]
    public void Bind_BadOptions_NameTheKey(string yaml, string key)
    {
        var act = () => OptionsBinder.Bind<LanguageFilterOptions>((ConfigMapping)YamlConfigReader.Parse(yaml, "p.yaml")!);
        act.Should().Throw<ConfigException>().Where(e => e.Message.Contains(key));
    }

    [Fact]
    public async Task Factory_ReportMode_KeepsAndFlagsOtherLanguages()
    {
        var factory = ComponentCatalog.Discover(typeof(LanguageFilter).Assembly).Find<IFilterFactory>("language")!;
        var options = OptionsBinder.Bind(factory.OptionsType, (ConfigMapping)YamlConfigReader.Parse("keep: [en]\nmode: report", "p.yaml")!);
        var filter = factory.Create(options, new ComponentContext());

        var decision = await filter.FilterAsync(Doc(German));

        decision.IsRejected.Should().BeFalse();
        decision.Flagged.Should().BeTrue();
        decision.Annotations["language"].GetString().Should().Be("de");
        decision.Annotations["language_flag"].GetProperty("reason").GetString().Should().Be("language_not_kept");
        var description = FilterDescription.Of(filter);
        description["parameters"]!["keep"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("en");
        description["parameters"]!["mode"]!.GetValue<string>().Should().Be("report");
        description["counters"]!["flagged_by_reason"]!["language_not_kept"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public void Identifier_Canonical_ReadsCodesAndNames()
    {
        LanguageIdentifier.Canonical("FR").Should().Be("fr");
        LanguageIdentifier.Canonical("fra").Should().Be("fr");
        LanguageIdentifier.Canonical("German").Should().Be("de");
        LanguageIdentifier.Canonical("same").Should().BeNull();
        LanguageIdentifier.SupportedCodes.Should().HaveCount(79).And.Contain(["en", "fr", "zh", "sw"]);
    }

    [Fact]
    public void Identifier_MissingModels_IsAConfigurationError()
    {
        var act = () => new LanguageIdentifier(modelsDirectory: Path.Combine(Path.GetTempPath(), "no-such-lingua-models"));
        act.Should().Throw<OptionsValidationException>().Where(e => e.Key == "models_dir");
    }

    [Fact]
    public void Identifier_LongText_IsCutAtAWordBoundary()
    {
        var identifier = new LanguageIdentifier(maxChars: 100);
        var text = French + " " + string.Concat(Enumerable.Repeat(German + " ", 50));
        identifier.Identify(text).Code.Should().Be("fr", "only the first 100 characters are read");
    }

    private static LanguageFilter Filter(LanguageFilterOptions options) => new(options);

    private static FilterItem Doc(string text) => FilterItem.FromDocument(new Document("d", text));
}

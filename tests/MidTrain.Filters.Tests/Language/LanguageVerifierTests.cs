using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Records;
using MidTrain.Filters.Language;

namespace MidTrain.Filters.Tests.Language;

public sealed class LanguageVerifierTests
{
    private const string FrenchQuestion = "Pourquoi la tour de la Bell Rock a-t-elle résisté aux vagues depuis plus de deux siècles ?";
    private const string FrenchAnswer = "Parce que ses blocs de granit sont taillés pour s'emboîter les uns dans les autres.";
    private const string EnglishAnswer = "Because its granite blocks were cut to interlock with each other.";

    [Fact]
    public async Task VerifyAsync_UserTurnInRequestedLanguage_Passes()
    {
        var verdict = await new LanguageVerifier().VerifyAsync(SampleOf("fr", FrenchQuestion, EnglishAnswer));

        verdict.Outcome.Should().Be(VerdictOutcome.Pass);
        verdict.Score.Should().BeGreaterThan(0.8);
        verdict.Details!.Value.GetProperty("user").GetProperty("detected").GetString().Should().Be("fr");
    }

    [Fact]
    public async Task VerifyAsync_CheckAnswerInAnotherLanguage_Fails()
    {
        var verdict = await new LanguageVerifier(new LanguageVerifierOptions { CheckAnswer = true }).VerifyAsync(SampleOf("French", FrenchQuestion, EnglishAnswer));

        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Reason.Should().Contain("answer").And.Contain("en");
        verdict.Details!.Value.GetProperty("answer").GetProperty("detected").GetString().Should().Be("en");
        verdict.Score.Should().BeLessThan(0.5);
        (await new LanguageVerifier(new LanguageVerifierOptions { CheckAnswer = true }).VerifyAsync(SampleOf("fr", FrenchQuestion, FrenchAnswer))).Outcome.Should().Be(VerdictOutcome.Pass);
    }

    [Fact]
    public async Task VerifyAsync_UserTurnInAnotherLanguage_Fails()
    {
        var verdict = await new LanguageVerifier().VerifyAsync(SampleOf("de", FrenchQuestion, FrenchAnswer));
        verdict.Outcome.Should().Be(VerdictOutcome.Fail);
        verdict.Details!.Value.GetProperty("requested").GetString().Should().Be("de");
    }

    [Theory]
    [InlineData(null, FrenchQuestion, "no 'language' attribute")]
    [InlineData("same", FrenchQuestion, "not a language")]
    [InlineData("fr", "Et alors ? 42 !", "too short")]
    public async Task VerifyAsync_CannotTell_IsInvalid(string? language, string question, string reason)
    {
        var verdict = await new LanguageVerifier().VerifyAsync(SampleOf(language, question, FrenchAnswer));
        verdict.Outcome.Should().Be(VerdictOutcome.Invalid);
        verdict.Reason.Should().Contain(reason);
    }

    [Fact]
    public async Task VerifyAsync_ShortAnswerWithCheckAnswer_IsInvalid()
    {
        var verdict = await new LanguageVerifier(new LanguageVerifierOptions { CheckAnswer = true }).VerifyAsync(SampleOf("fr", FrenchQuestion, "42"));
        verdict.Outcome.Should().Be(VerdictOutcome.Invalid);
        verdict.Reason.Should().Contain("answer");
    }

    [Fact]
    public async Task Factory_IsDiscoveredAndStampsVerdicts()
    {
        var factory = ComponentCatalog.Discover(typeof(LanguageVerifier).Assembly).Find<IVerifierFactory>("language")!;
        var options = OptionsBinder.Bind(factory.OptionsType, (ConfigMapping)YamlConfigReader.Parse("check_answer: true\nmin_chars: 10", "p.yaml")!);
        var verifier = factory.Create(options, new ComponentContext());

        var verdict = await verifier.VerifyAsync(SampleOf("fr", FrenchQuestion, FrenchAnswer));

        verdict.Name.Should().Be("language");
        verdict.Version.Should().Be(LanguageVerifier.VerifierVersion);
        verdict.Outcome.Should().Be(VerdictOutcome.Pass);
    }

    [Fact]
    public async Task SteeringCompliance_FromVerdictsAndPairs_SharePerLanguage()
    {
        var verifier = new LanguageVerifier();
        var compliance = new SteeringCompliance();
        compliance.Record(await verifier.VerifyAsync(SampleOf("fr", FrenchQuestion, FrenchAnswer)));
        compliance.Record(await verifier.VerifyAsync(SampleOf("de", FrenchQuestion, FrenchAnswer)));
        compliance.Record(await verifier.VerifyAsync(SampleOf("fr", "Quoi ?", FrenchAnswer)));
        compliance.Record("German", "de");
        compliance.Record("de", "nl");
        compliance.Record("en", null);
        compliance.Record(new Verdict { Name = "math", Outcome = VerdictOutcome.Pass });

        var json = compliance.ToJson();

        json["by_language"]!["fr"]!["checked"]!.GetValue<long>().Should().Be(1);
        json["by_language"]!["fr"]!["unchecked"]!.GetValue<long>().Should().Be(1);
        json["by_language"]!["fr"]!["share"]!.GetValue<double>().Should().Be(1.0);
        json["by_language"]!["de"]!["checked"]!.GetValue<long>().Should().Be(3);
        json["by_language"]!["de"]!["matched"]!.GetValue<long>().Should().Be(1);
        json["by_language"]!["de"]!["share"]!.GetValue<double>().Should().Be(0.3333);
        json["by_language"]!["en"]!["share"]!.GetValue<double>().Should().Be(0.0);
        json["overall"]!["checked"]!.GetValue<long>().Should().Be(5);
        json["overall"]!["matched"]!.GetValue<long>().Should().Be(2);
        compliance.ByLanguage.Select(r => r.Language).Should().Equal("de", "en", "fr");
    }

    private static Sample SampleOf(string? language, string question, string answer) => new()
    {
        Id = "s",
        Source = new SourceSpan("d", 0, 0, 0),
        Messages = [new Message("user", question), new Message("assistant", answer)],
        Attributes = language is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["language"] = language },
    };
}

using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Core.Tests.Configuration;

public sealed class OptionsBinderTests
{
    private enum Mode
    {
        Reject,
        ReportOnly,
    }

    private sealed class Nested
    {
        [Range(0.01, 1)]
        public double Jaccard { get; set; } = 0.7;

        public int Shingle { get; set; } = 2;
    }

    private sealed class Sample : IValidatableOptions
    {
        public string? Name { get; set; }

        [Range(1, 4096)]
        public int MaxConcurrency { get; set; } = 8;

        public long Tokens { get; set; }

        public bool Strict { get; set; } = true;

        public Mode Mode { get; set; }

        [ConfigKey("timeout_s")]
        public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

        [ConfigKey("delay_ms")]
        public TimeSpan Delay { get; set; }

        public TimeSpan Wall { get; set; }

        public IReadOnlyList<string> Languages { get; set; } = [];

        public IReadOnlyDictionary<string, double> Weights { get; set; } = new Dictionary<string, double>();

        public Nested Dedup { get; set; } = new();

        public int MinChars { get; set; }

        public int MaxChars { get; set; } = 100;

        [ConfigIgnore]
        public Func<string, int>? Counter { get; set; }

        public void Validate()
        {
            if (MinChars > MaxChars)
            {
                throw new OptionsValidationException("min_chars", $"must not exceed max_chars ({MaxChars})");
            }
        }
    }

    private static ConfigMapping Map(string yaml) => (ConfigMapping)YamlConfigReader.Parse(yaml, "p.yaml")!;

    [Fact]
    public void Bind_EmptyMapping_KeepsTheDefaultsOfTheOptionsType()
    {
        var options = OptionsBinder.Bind<Sample>(Map("{}"));

        options.MaxConcurrency.Should().Be(8);
        options.Strict.Should().BeTrue();
        options.Timeout.Should().Be(TimeSpan.FromSeconds(10));
        options.Dedup.Jaccard.Should().Be(0.7);
    }

    [Fact]
    public void Bind_SnakeCaseKeys_SetEveryKindOfProperty()
    {
        var options = OptionsBinder.Bind<Sample>(Map("""
            name: x
            max_concurrency: 16
            tokens: 5e9
            strict: no
            mode: report_only
            timeout_s: 2.5
            delay_ms: 250
            wall: 12h
            languages: [en, fr]
            weights: {en: 2, fr: 1}
            dedup: {jaccard: 0.5, shingle: 3}
            """));

        options.Name.Should().Be("x");
        options.MaxConcurrency.Should().Be(16);
        options.Tokens.Should().Be(5_000_000_000);
        options.Strict.Should().BeFalse();
        options.Mode.Should().Be(Mode.ReportOnly);
        options.Timeout.Should().Be(TimeSpan.FromSeconds(2.5));
        options.Delay.Should().Be(TimeSpan.FromMilliseconds(250));
        options.Wall.Should().Be(TimeSpan.FromHours(12));
        options.Languages.Should().Equal("en", "fr");
        options.Weights.Should().Equal(new Dictionary<string, double> { ["en"] = 2, ["fr"] = 1 });
        options.Dedup.Jaccard.Should().Be(0.5);
        options.Dedup.Shingle.Should().Be(3);
    }

    [Fact]
    public void Bind_AScalarForAList_IsAOneItemList()
    {
        OptionsBinder.Bind<Sample>(Map("languages: en")).Languages.Should().Equal("en");
    }

    [Fact]
    public void Bind_FractionForAnInteger_IsAnErrorNotATruncation()
    {
        var act = () => OptionsBinder.Bind<Sample>(Map("name: a\nmax_concurrency: 2.7"));

        act.Should().Throw<ConfigException>().WithMessage("p.yaml:2: key 'max_concurrency': expected an integer, got '2.7'");
    }

    [Fact]
    public void Bind_UnknownKey_NamesFileLineKeyAndTheKnownKeys()
    {
        var act = () => OptionsBinder.Bind<Sample>(Map("name: a\n\nmax_conc: 3"));

        act.Should().Throw<ConfigException>().Which.Message.Should()
            .StartWith("p.yaml:3: unknown key 'max_conc' (known keys here: ").And.Contain("max_concurrency").And.NotContain("counter");
    }

    [Fact]
    public void Bind_OutOfRange_NamesTheBounds()
    {
        var act = () => OptionsBinder.Bind<Sample>(Map("max_concurrency: 0"));

        act.Should().Throw<ConfigException>().WithMessage("p.yaml:1: key 'max_concurrency': must be between 1 and 4096, got 0");
    }

    [Fact]
    public void Bind_NestedError_CarriesTheNestedPathAndLine()
    {
        var act = () => OptionsBinder.Bind<Sample>(Map("name: a\ndedup:\n  shingle: 2\n  jaccard: 3"));

        act.Should().Throw<ConfigException>().WithMessage("p.yaml:4: key 'dedup.jaccard': must be between 0.01 and 1, got 3");
    }

    [Fact]
    public void Bind_ValidateFailure_IsLocatedAtTheNamedKey()
    {
        var act = () => OptionsBinder.Bind<Sample>(Map("max_chars: 10\nmin_chars: 20"));

        act.Should().Throw<ConfigException>().WithMessage("p.yaml:2: key 'min_chars': must not exceed max_chars (10)");
    }

    [Fact]
    public void Bind_WrongShape_SaysWhatWasExpected()
    {
        var act = () => OptionsBinder.Bind<Sample>(Map("dedup: [1, 2]"));

        act.Should().Throw<ConfigException>().WithMessage("p.yaml:1: key 'dedup': expected a mapping, got a list");
    }

    [Fact]
    public void Bind_BadEnum_ListsTheChoicesInSnakeCase()
    {
        var act = () => OptionsBinder.Bind<Sample>(Map("mode: sometimes"));

        act.Should().Throw<ConfigException>().WithMessage("p.yaml:1: key 'mode': must be one of reject, report_only, got 'sometimes'");
    }

    [Fact]
    public void BindInto_SharedMapping_CollectsConsumedKeysForOneUnknownKeyCheck()
    {
        var map = Map("name: a\njaccard: 0.4\nextra: 1");
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        var first = new Sample();
        var second = new Nested();

        OptionsBinder.BindInto(first, map, consumed);
        OptionsBinder.BindInto(second, map, consumed);

        first.Name.Should().Be("a");
        second.Jaccard.Should().Be(0.4);
        consumed.Should().BeEquivalentTo(["name", "jaccard"]);
        var act = () => map.EnsureOnly(consumed);
        act.Should().Throw<ConfigException>().WithMessage("p.yaml:3: unknown key 'extra'*");
    }

    [Fact]
    public void ToJson_WritesConfigurationKeysAndUnits()
    {
        var json = OptionsBinder.ToJson(new Sample { Timeout = TimeSpan.FromSeconds(3), Delay = TimeSpan.FromMilliseconds(20), Mode = Mode.ReportOnly });

        json["timeout_s"]!.GetValue<double>().Should().Be(3);
        json["delay_ms"]!.GetValue<double>().Should().Be(20);
        json["mode"]!.GetValue<string>().Should().Be("report_only");
        json["dedup"]!["jaccard"]!.GetValue<double>().Should().Be(0.7);
        json.ContainsKey("counter").Should().BeFalse();
    }

    [Fact]
    public void Mapping_DuplicateKey_IsAnErrorAtTheSecondOne()
    {
        var yaml = () => Map("name: a\nname: b");
        var built = () => new ConfigMapping("p.json", 1, "", [
            new ConfigEntry("name", 1, new ConfigScalar("p.json", 1, "name", "a")),
            new ConfigEntry("name", 2, new ConfigScalar("p.json", 2, "name", "b"))]);

        yaml.Should().Throw<ConfigException>().WithMessage("p.yaml:2: invalid YAML: Duplicate key name");
        built.Should().Throw<ConfigException>().WithMessage("p.json:2: key 'name': the key is given twice");
    }

    [Theory]
    [InlineData("MaxConcurrency", "max_concurrency")]
    [InlineData("IdField", "id_field")]
    [InlineData("HTTPServer", "http_server")]
    [InlineData("TopLogprobs", "top_logprobs")]
    [InlineData("Shingle2Words", "shingle2_words")]
    [InlineData("name", "name")]
    public void SnakeCase_FollowsTheConfigurationSpelling(string name, string expected) =>
        ConfigNames.SnakeCase(name).Should().Be(expected);
}

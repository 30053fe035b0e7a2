using MidTrain.Core.Configuration;
using MidTrain.Models.Concurrency;

namespace MidTrain.Models.Tests.Concurrency;

public sealed class ConcurrencyLimitBindingTests
{
    private static ModelSpec Bind(string yaml) =>
        ModelSpec.Bind("teacher", (ConfigMapping)YamlConfigReader.Parse(yaml, "p.yaml")!);

    private const string Remote = "provider: openai, endpoint: 'http://a/v1', model: m";

    [Fact]
    public void Bind_NumberAutoOrBounds_FixedOrAdaptive()
    {
        Bind($"{{{Remote}, max_concurrency: 48}}").Resilience.MaxConcurrency.Should().Be(48);
        var auto = Bind($"{{{Remote}, max_concurrency: auto}}").Resilience.Concurrency!;
        auto.IsAdaptive.Should().BeTrue();
        (auto.Min, auto.Max, auto.Initial, auto.LatencyTolerance).Should().Be((1, 256, 16, 2.0));
        var bounded = Bind($"{{{Remote}, max_concurrency: {{min: 4, max: 64, initial: 8, latency_tolerance: 3}}}}");
        (bounded.Resilience.Concurrency!.Min, bounded.Resilience.Concurrency.Max, bounded.Resilience.Concurrency.Initial).Should().Be((4, 64, 8));
        bounded.EffectiveMaxConcurrency.Should().Be(64);
        bounded.Resilience.MaxConcurrency.Should().BeNull("an adaptive limit has no fixed value");
    }

    [Theory]
    [InlineData("max_concurrency: 0", "key 'max_concurrency': must be between 1")]
    [InlineData("max_concurrency: lots", "key 'max_concurrency': expected a number of requests, auto")]
    [InlineData("max_concurrency: {min: 10, max: 5}", "key 'max_concurrency': needs 1 ≤ min ≤ max")]
    [InlineData("max_concurrency: {max: 8, initial: 9}", "key 'max_concurrency.initial': must be between min")]
    [InlineData("max_concurrency: {max: 8, latency_tolerance: 0.5}", "key 'max_concurrency.latency_tolerance'")]
    [InlineData("max_concurrency: {maximum: 8}", "unknown key 'max_concurrency.maximum'")]
    public void Bind_BadLimit_ErrorNamesTheKey(string setting, string message)
    {
        var act = () => Bind($"{{{Remote}, {setting}}}");

        act.Should().Throw<ConfigException>().WithMessage($"p.yaml:1: {message}*");
    }

    [Fact]
    public void Bind_AutoOnALocalModel_IsRefused()
    {
        var act = () => Bind("{path: tiny, max_concurrency: auto}");

        act.Should().Throw<ConfigException>().WithMessage("*key 'max_concurrency': auto adapts to a remote server's capacity*");
    }

    [Fact]
    public void ToJson_AdaptiveLimit_WrittenAsItsBounds()
    {
        var options = Bind($"{{{Remote}, max_concurrency: {{min: 2, max: 10}}}}").Resilience;

        OptionsBinder.ToJson(options)["max_concurrency"]!.ToJsonString().Should().Be("""{"min":2,"max":10,"initial":10,"latency_tolerance":2}""");
    }
}

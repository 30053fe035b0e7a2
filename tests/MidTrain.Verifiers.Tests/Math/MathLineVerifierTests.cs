using System.Text.Json.Nodes;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

public sealed class MathLineVerifierTests
{
    private readonly MathLineVerifier _verifier = new();

    private async Task<JsonObject> VerifyAsync(string json) => await _verifier.VerifyLineAsync(JsonNode.Parse(json)!.AsObject());

    [Fact]
    public async Task VerifyLineAsync_EquivalentAnswers_PassWithExtractedAnswersAndDuration()
    {
        var verdict = await VerifyAsync("""{"gold": "$\\frac{1}{2}$", "prediction": "so the answer is $\\boxed{0.5}$"}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("pass");
        verdict["gold_extracted"]!.GetValue<string>().Should().Be("\\frac{1}{2}");
        verdict["prediction_extracted"]!.GetValue<string>().Should().Be("0.5");
        verdict["duration_ms"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(0);
        verdict["reason"]!.GetValue<string>().Should().NotBeEmpty();
    }

    [Fact]
    public async Task VerifyLineAsync_LineOptions_AreHonoured()
    {
        (await VerifyAsync("""{"gold": "$1/3$", "prediction": "$0.33$"}"""))["outcome"]!.GetValue<string>().Should().Be("fail");
        (await VerifyAsync("""{"gold": "$1/3$", "prediction": "$0.33$", "options": {"precision": 2}}"""))["outcome"]!.GetValue<string>().Should().Be("pass");
        (await VerifyAsync("""{"gold": "$f(x)$", "prediction": "$f(y)$", "options": {"strict": false}}"""))["outcome"]!.GetValue<string>().Should().Be("pass");
        (await VerifyAsync("""{"gold": "$x \\in [-2,7]$", "prediction": "$-2 \\le x \\le 7$", "options": {"allow_set_relation_comp": true}}"""))["outcome"]!
            .GetValue<string>().Should().Be("pass");
    }

    [Theory]
    [InlineData("""{"prediction": "5"}""", "missing 'gold'")]
    [InlineData("""{"gold": "5"}""", "missing 'prediction'")]
    [InlineData("""{"gold": ["5"], "prediction": "5"}""", "'gold' must be a string")]
    [InlineData("""{"gold": "5", "prediction": null}""", "'prediction' must be a string")]
    [InlineData("""{"gold": "5", "prediction": "5", "options": 3}""", "'options' must be an object")]
    [InlineData("""{"gold": "5", "prediction": "5", "options": {"precision": "six"}}""", "options.precision")]
    [InlineData("""{"gold": "5", "prediction": "5", "options": {"strict": 1}}""", "options.strict")]
    public async Task VerifyLineAsync_MalformedFields_AreInvalidWithReason(string json, string reason)
    {
        var verdict = await VerifyAsync(json);
        verdict["outcome"]!.GetValue<string>().Should().Be("invalid");
        verdict["reason"]!.GetValue<string>().Should().Contain(reason);
    }

    [Fact]
    public async Task VerifyLineAsync_NumericGold_IsReadAsWritten()
    {
        (await VerifyAsync("""{"gold": 42, "prediction": "The answer is 42."}"""))["outcome"]!.GetValue<string>().Should().Be("pass");
    }

    [Fact]
    public void Kind_IsMath() => _verifier.Kind.Should().Be("math");
}

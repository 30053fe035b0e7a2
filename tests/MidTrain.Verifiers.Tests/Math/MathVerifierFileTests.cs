using System.Text.Json.Nodes;
using MidTrain.Verifiers.Math;

namespace MidTrain.Verifiers.Tests.Math;

/// <summary><c>midtrain verify math</c> lines: gold + prediction (+ per-line options), through the verifier's factory.</summary>
public sealed class MathVerifierFileTests
{
    private readonly MidTrain.Core.Contracts.IVerifier _verifier = VerifierFiles.Create("math");

    private Task<JsonObject> VerifyAsync(string json) => VerifierFiles.VerifyLineAsync(_verifier, "math", json);

    [Fact]
    public async Task VerifyLineAsync_EquivalentAnswers_PassWithExtractedAnswersAndDuration()
    {
        var verdict = await VerifyAsync("""{"gold": "$\\frac{1}{2}$", "prediction": "so the answer is $\\boxed{0.5}$"}""");
        verdict["outcome"]!.GetValue<string>().Should().Be("pass");
        verdict["gold_extracted"]!.GetValue<string>().Should().Be("\\frac{1}{2}");
        verdict["prediction_extracted"]!.GetValue<string>().Should().Be("0.5");
        verdict["name"]!.GetValue<string>().Should().Be("math");
        verdict["version"]!.GetValue<string>().Should().Be(MathVerifier.VerifierVersion);
        verdict["reason"]!.GetValue<string>().Should().Be("answers are equivalent");
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
    [InlineData("""{"prediction": "5"}""", "no 'gold' field")]
    [InlineData("""{"gold": "5"}""", "no assistant message (prediction)")]
    [InlineData("""{"gold": ["5"], "prediction": "5"}""", "'gold' is not a string or number")]
    [InlineData("""{"gold": "5", "prediction": null}""", "no assistant message (prediction)")]
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
    public async Task VerifyLineAsync_NumericPrediction_IsReadAsWritten()
    {
        (await VerifyAsync("""{"gold": "$\\frac{84}{2}$", "prediction": 42}"""))["outcome"]!.GetValue<string>().Should().Be("pass");
    }

    [Fact]
    public void Factory_FileAnswerField_IsPrediction() => VerifierFiles.Factory("math").FileAnswerField.Should().Be("prediction");
}

using System.Text.Json.Serialization;

namespace MidTrain.Verifiers.Code;

/// <summary>The three supported ways of stating what a program must do.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CodeTestFormat>))]
public enum CodeTestFormat
{
    /// <summary>HumanEval: <c>prompt</c> + <c>completion</c> + <c>test</c> + <c>check(entry_point)</c>, passes when it exits 0.</summary>
    [JsonStringEnumMemberName("humaneval")] HumanEval,

    /// <summary>MBPP-style assert list: <c>code</c> + optional <c>setup</c> + every line of <c>tests[]</c>, passes when it exits 0.</summary>
    [JsonStringEnumMemberName("asserts")] AssertList,

    /// <summary>Standard input/output cases: <c>code</c> run once per case with <c>stdin</c>, output compared to <c>expected_stdout</c>.</summary>
    [JsonStringEnumMemberName("stdio")] StdioCases,
}

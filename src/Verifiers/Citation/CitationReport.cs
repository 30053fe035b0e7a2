using System.Text.Json.Nodes;
using MidTrain.Core.Records;
using MidTrain.Verifiers.Citation.Reuse;

namespace MidTrain.Verifiers.Citation;

/// <summary>
/// The sample-level result: <see cref="VerdictOutcome.Pass"/> when every quote is supported,
/// <see cref="VerdictOutcome.Fail"/> when one is not, <see cref="VerdictOutcome.Invalid"/> when there is nothing to
/// check or a cited source is missing. <see cref="Score"/> is the fraction of quotes supported. Immutable.
/// </summary>
public sealed record CitationReport
{
    /// <summary>The outcome.</summary>
    public required VerdictOutcome Outcome { get; init; }

    /// <summary>A one-line explanation.</summary>
    public required string Reason { get; init; }

    /// <summary>Fraction of quotes supported (null when invalid).</summary>
    public double? Score { get; init; }

    /// <summary>The per-quote checks, in quote order.</summary>
    public IReadOnlyList<QuoteCheck> Quotes { get; init; } = [];

    /// <summary>Unmarked reuse of the sources in the answer, when an answer was checked and detection is on.</summary>
    public ReuseReport? Reuse { get; init; }

    /// <summary>The per-quote array as JSON.</summary>
    public JsonArray QuotesJson() => [.. Quotes.Select(q => (JsonNode)q.ToJson())];

    /// <summary>The verdict details: <c>quotes</c> (per-quote checks) and, when computed, <c>reuse</c>.</summary>
    public JsonObject DetailsJson(string? answer)
    {
        var json = new JsonObject { ["quotes"] = QuotesJson() };
        if (Reuse is not null && answer is not null)
        {
            json["reuse"] = Reuse.ToJson(answer);
        }

        return json;
    }
}

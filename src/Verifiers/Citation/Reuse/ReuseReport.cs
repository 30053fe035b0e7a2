using System.Text.Json.Nodes;

namespace MidTrain.Verifiers.Citation.Reuse;

/// <summary>
/// Unmarked-reuse findings for one answer: the maximal reused spans and the fraction of the answer's normalised
/// characters they cover (all spans, and those outside marked quotes). Immutable.
/// </summary>
/// <param name="Spans">The reused spans in answer order.</param>
/// <param name="Coverage">Fraction of the answer covered by any reused span.</param>
/// <param name="UnmarkedCoverage">Fraction covered by reused spans that overlap no marked quote.</param>
public sealed record ReuseReport(IReadOnlyList<ReusedSpan> Spans, double Coverage, double UnmarkedCoverage)
{
    /// <summary>The JSON form written into verdicts.</summary>
    public JsonObject ToJson(string answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var spans = new JsonArray();
        foreach (var span in Spans)
        {
            spans.Add(new JsonObject
            {
                ["source_id"] = span.SourceId,
                ["answer_span"] = new JsonArray(span.AnswerStart, span.AnswerEnd),
                ["source_span"] = new JsonArray(span.SourceStart, span.SourceEnd),
                ["identity"] = System.Math.Round(span.Identity, 4),
                ["marked"] = span.Marked,
                ["text"] = answer[span.AnswerStart..span.AnswerEnd],
            });
        }

        return new JsonObject
        {
            ["coverage"] = System.Math.Round(Coverage, 4),
            ["unmarked_coverage"] = System.Math.Round(UnmarkedCoverage, 4),
            ["spans"] = spans,
        };
    }
}

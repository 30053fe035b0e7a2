using System.Text.Json.Nodes;

namespace MidTrain.Verifiers.Citation;

/// <summary>
/// The verdict on one quote: where it aligns best, how well, and whether that supports it. <see cref="Span"/> is in
/// raw source characters, half-open; <see cref="SourceText"/> is that raw slice. Immutable.
/// </summary>
public sealed record QuoteCheck
{
    /// <summary>The quote as written.</summary>
    public required string Quote { get; init; }

    /// <summary>The source it aligns to (the cited one when cited), or null when no source could be checked.</summary>
    public string? SourceId { get; init; }

    /// <summary>Whether the thresholds are met and no decisive edit was found.</summary>
    public required bool Supported { get; init; }

    /// <summary>Match columns / alignment columns over all fragments.</summary>
    public double Identity { get; init; }

    /// <summary>Aligned quote characters / quote characters over all fragments (normalised).</summary>
    public double Coverage { get; init; }

    /// <summary>Alignment score / the score of a perfect match of the whole quote, in [0, 1].</summary>
    public double Score { get; init; }

    /// <summary>The raw alignment score (sum over fragments).</summary>
    public int AlignmentScore { get; init; }

    /// <summary>Raw source span [start, end) from the first fragment's start to the last fragment's end, or null.</summary>
    public (int Start, int End)? Span { get; init; }

    /// <summary>The raw source text of <see cref="Span"/>, or null.</summary>
    public string? SourceText { get; init; }

    /// <summary>How many fragments the quote was split into at its ellipses.</summary>
    public int Fragments { get; init; } = 1;

    /// <summary>Why the quote is unsupported (threshold, decisive edit, missing fragment), or null.</summary>
    public string? Reason { get; init; }

    /// <summary>The JSON form written into verdicts.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["quote"] = Quote,
            ["source_id"] = SourceId,
            ["supported"] = Supported,
            ["identity"] = System.Math.Round(Identity, 4),
            ["coverage"] = System.Math.Round(Coverage, 4),
            ["score"] = System.Math.Round(Score, 4),
            ["alignment_score"] = AlignmentScore,
            ["span"] = Span is { } span ? new JsonArray(span.Start, span.End) : null,
            ["source_text"] = SourceText,
            ["fragments"] = Fragments,
        };
        if (Reason is not null)
        {
            json["reason"] = Reason;
        }

        return json;
    }
}

namespace MidTrain.Core.Records;

/// <summary>
/// Several documents (or passages) assembled into one long text for long-context training data. Each document is
/// delimited and numbered in <see cref="Text"/>; <see cref="Documents"/> (in order of appearance) records each one's
/// id and exact character spans. Made by the <c>assemble</c> stage and consumed by long-context generators
/// (<see cref="Contracts.ILongContextGenerator"/>). Immutable and thread-safe: stages pass it on by reference, so a
/// context's text exists once however many stages see it.
/// </summary>
/// <param name="Id">A stable id derived from the members (<c>ctx-</c> + hash), unique in a run; the root key of the
/// context's outputs.</param>
/// <param name="Text">The assembled text.</param>
/// <param name="Documents">The documents, in order of appearance (numbers 1..n).</param>
public sealed record LongContext(string Id, string Text, IReadOnlyList<ContextDocument> Documents)
{
    /// <summary>Tokens of <see cref="Text"/> with the assembler's tokenizer, or null when the budget was in characters.</summary>
    public int? Tokens { get; init; }

    /// <summary>How the documents were chosen (<c>sequential</c>, <c>similar</c>, <c>random</c>), when known.</summary>
    public string? Grouping { get; init; }

    /// <summary>The metadata value the documents share when they were grouped by a key, else null.</summary>
    public string? Partition { get; init; }

    /// <summary>
    /// The document whose text contains character <paramref name="offset"/> of <see cref="Text"/>, or null when the
    /// offset falls on a delimiter. Binary search; O(log n).
    /// </summary>
    public ContextDocument? DocumentAt(int offset)
    {
        int lo = 0, hi = Documents.Count - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            var document = Documents[mid];
            if (offset < document.Start)
            {
                hi = mid - 1;
            }
            else if (offset >= document.End)
            {
                lo = mid + 1;
            }
            else
            {
                return document;
            }
        }

        return null;
    }
}

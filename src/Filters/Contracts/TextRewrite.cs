namespace MidTrain.Filters.Contracts;

/// <summary>
/// The new content of one text of an item (addressed by <see cref="FilterText.Name"/>) and the edits that produced it
/// from the original, in ascending, non-overlapping order of their original spans. Immutable.
/// </summary>
/// <param name="Name">The name of the rewritten text (<c>text</c>, <c>messages[1]</c>…).</param>
/// <param name="Text">The new text.</param>
/// <param name="Edits">What was replaced, with offsets into the original text.</param>
public sealed record TextRewrite(string Name, string Text, IReadOnlyList<TextEdit> Edits)
{
    /// <summary>Applies <paramref name="edits"/> (ascending, non-overlapping spans of <paramref name="original"/>) to <paramref name="original"/>.</summary>
    /// <exception cref="ArgumentException">The edits overlap, are out of order or out of range.</exception>
    public static TextRewrite Apply(string name, string original, IReadOnlyList<TextEdit> edits)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(edits);
        var builder = new System.Text.StringBuilder(original.Length);
        var at = 0;
        foreach (var edit in edits)
        {
            if (edit.Start < at || edit.End < edit.Start || edit.End > original.Length)
            {
                throw new ArgumentException($"edit [{edit.Start}, {edit.End}) is out of order, overlapping or out of range for a text of {original.Length} characters", nameof(edits));
            }

            builder.Append(original, at, edit.Start - at).Append(edit.Replacement);
            at = edit.End;
        }

        builder.Append(original, at, original.Length - at);
        return new TextRewrite(name, builder.ToString(), edits);
    }
}

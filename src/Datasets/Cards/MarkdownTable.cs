using System.Text;

namespace MidTrain.Datasets.Cards;

/// <summary>A GitHub-flavoured Markdown table that also reads well as plain text: cells escaped (pipes, line breaks), columns padded to their width.</summary>
internal sealed class MarkdownTable
{
    private readonly string[] _headers;
    private readonly bool[] _rightAligned;
    private readonly List<string[]> _rows = [];

    /// <param name="headers">Column titles; a title starting with '&gt;' is right-aligned (numbers), the '&gt;' is not shown.</param>
    public MarkdownTable(params string[] headers)
    {
        _rightAligned = headers.Select(h => h.StartsWith('>')).ToArray();
        _headers = headers.Select(h => h.TrimStart('>')).ToArray();
    }

    public int Count => _rows.Count;

    public MarkdownTable Row(params string?[] cells)
    {
        _rows.Add(cells.Select(c => Escape(c ?? string.Empty)).ToArray());
        return this;
    }

    public void WriteTo(StringBuilder text)
    {
        var widths = _headers.Select((h, i) => Math.Max(3, _rows.Select(r => i < r.Length ? r[i].Length : 0).Append(h.Length).Max())).ToArray();
        void Line(IReadOnlyList<string> cells)
        {
            text.Append('|');
            for (var i = 0; i < _headers.Length; i++)
            {
                var cell = i < cells.Count ? cells[i] : string.Empty;
                text.Append(' ').Append(_rightAligned[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i])).Append(" |");
            }

            text.Append('\n');
        }

        Line(_headers);
        text.Append('|');
        for (var i = 0; i < _headers.Length; i++)
        {
            text.Append(' ').Append(_rightAligned[i] ? new string('-', widths[i] - 1) + ":" : new string('-', widths[i])).Append(" |");
        }

        text.Append('\n');
        foreach (var row in _rows)
        {
            Line(row);
        }

        text.Append('\n');
    }

    private static string Escape(string cell)
    {
        var oneLine = cell.Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ').Replace('\r', ' ');
        return oneLine.Replace("|", "\\|", StringComparison.Ordinal);
    }
}

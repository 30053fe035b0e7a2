using MidTrain.Tests;

namespace MidTrain.Filters.Tests.Language;

/// <summary>The hand-written labelled sentences of Language/Data/sentences.tsv.</summary>
internal static class LabelledSentences
{
    public static IReadOnlyList<(string Language, string Text)> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Language", "Data", "sentences.tsv");
        return File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t', 2))
            .Select(p => (p[0], p[1]))
            .ToArray();
    }
}

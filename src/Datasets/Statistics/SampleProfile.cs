using System.Text.Json;
using System.Text.RegularExpressions;
using MidTrain.Datasets.Reading;

namespace MidTrain.Datasets.Statistics;

/// <summary>
/// What the rows a card describes look like: how many, their attribute distributions, the languages seen, judge
/// score histograms and distinct-n of the questions. Order-independent (the same rows in any order give the same
/// profile) and bounded in memory. Not thread-safe.
/// </summary>
public sealed partial class SampleProfile
{
    private const int MaxAttributes = 100;
    private readonly List<(string Name, byte[] Utf8, ValueCounts Counts)> _attributes = [];

    /// <summary>Rows added.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows that are samples (the others are documents or passages, from pipelines without a generator).</summary>
    public long Samples { get; private set; }

    internal ValueCounts Languages { get; } = new(1_000);

    internal JudgeScores Judges { get; } = new();

    internal QuestionNGrams Questions { get; } = new();

    internal IReadOnlyDictionary<string, ValueCounts> Attributes => new SortedDictionary<string, ValueCounts>(_attributes.ToDictionary(a => a.Name, a => a.Counts), StringComparer.Ordinal);

    /// <summary>The language codes seen (ISO 639-like values of the <c>language</c> and <c>passage_language</c> attributes, or of a document's <c>metadata.language</c>), most frequent first.</summary>
    public IReadOnlyList<string> LanguageCodes => Languages.ByCount().Select(kv => kv.Key).Where(code => LanguageCode().IsMatch(code)).ToArray();

    /// <summary>Adds one row (a line of <c>accepted.jsonl</c> or <c>rejected.jsonl</c>).</summary>
    public void Add(JsonElement row)
    {
        Rows++;
        if (!JsonFields.IsSample(row))
        {
            if (JsonFields.Object(row, "metadata"u8) is { } metadata && JsonFields.String(metadata, "language"u8) is { } docLanguage)
            {
                AddLanguage(docLanguage);
            }

            return;
        }

        Samples++;
        if (JsonFields.Object(row, "attributes"u8) is { } attributes)
        {
            foreach (var property in attributes.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || Counts(property) is not { } counts)
                {
                    continue;
                }

                counts.Add(property.Value);
                if (property.NameEquals("language"u8) || property.NameEquals("passage_language"u8))
                {
                    Languages.Add(property.Value);
                }
            }
        }

        Judges.Add(row);
        if (JsonFields.FirstUserMessage(row) is { } question)
        {
            Questions.Add(question);
        }
    }

    /// <summary>The counts of the attribute <paramref name="property"/> names (found without allocating its name), or null past the bound.</summary>
    private ValueCounts? Counts(JsonProperty property)
    {
        foreach (var (_, utf8, counts) in _attributes)
        {
            if (property.NameEquals(utf8))
            {
                return counts;
            }
        }

        if (_attributes.Count >= MaxAttributes)
        {
            return null;
        }

        var added = new ValueCounts();
        var name = property.Name;
        _attributes.Add((name, System.Text.Encoding.UTF8.GetBytes(name), added));
        return added;
    }

    private void AddLanguage(string value) => Languages.Add(value);

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();
}

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
    private readonly SortedDictionary<string, ValueCounts> _attributes = new(StringComparer.Ordinal);

    /// <summary>Rows added.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows that are samples (the others are documents or passages, from pipelines without a generator).</summary>
    public long Samples { get; private set; }

    internal ValueCounts Languages { get; } = new(1_000);

    internal JudgeScores Judges { get; } = new();

    internal QuestionNGrams Questions { get; } = new();

    internal IReadOnlyDictionary<string, ValueCounts> Attributes => _attributes;

    /// <summary>The language codes seen (ISO 639-like values of the <c>language</c> and <c>passage_language</c> attributes, or of a document's <c>metadata.language</c>), most frequent first.</summary>
    public IReadOnlyList<string> LanguageCodes => Languages.ByCount().Select(kv => kv.Key).ToArray();

    /// <summary>Adds one row (a line of <c>accepted.jsonl</c> or <c>rejected.jsonl</c>).</summary>
    public void Add(JsonElement row)
    {
        Rows++;
        if (!JsonFields.IsSample(row))
        {
            if (JsonFields.Object(row, "metadata") is { } metadata && JsonFields.String(metadata, "language") is { } docLanguage)
            {
                AddLanguage(docLanguage);
            }

            return;
        }

        Samples++;
        if (JsonFields.Object(row, "attributes") is { } attributes)
        {
            foreach (var property in attributes.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                var value = property.Value.GetString()!;
                if (!_attributes.TryGetValue(property.Name, out var counts))
                {
                    if (_attributes.Count >= MaxAttributes)
                    {
                        continue;
                    }

                    _attributes[property.Name] = counts = new ValueCounts();
                }

                counts.Add(value);
                if (property.NameEquals("language") || property.NameEquals("passage_language"))
                {
                    AddLanguage(value);
                }
            }
        }

        Judges.Add(row);
        if (JsonFields.FirstUserContent(row) is { } question)
        {
            Questions.Add(question);
        }
    }

    private void AddLanguage(string value)
    {
        if (LanguageCode().IsMatch(value))
        {
            Languages.Add(value);
        }
    }

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();
}

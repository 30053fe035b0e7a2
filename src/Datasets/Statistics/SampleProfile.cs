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
    private readonly List<(string Name, byte[] Utf8, ValueCounts Counts, bool IsLanguage)> _attributes = [];

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
            var position = 0;
            foreach (var property in attributes.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String || Attribute(property, position++) is not { } attribute)
                {
                    continue;
                }

                attribute.Counts.Add(property.Value);
                if (attribute.IsLanguage)
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

    /// <summary>
    /// The attribute <paramref name="property"/> names, with its counts and whether it holds a language (found without
    /// allocating its name), or null past the bound. Samples of a run list their attributes in the same order, so the
    /// attribute first seen at the same <paramref name="position"/> is tried first.
    /// </summary>
    private (string Name, byte[] Utf8, ValueCounts Counts, bool IsLanguage)? Attribute(JsonProperty property, int position)
    {
        if (position < _attributes.Count && property.NameEquals(_attributes[position].Utf8))
        {
            return _attributes[position];
        }

        foreach (var attribute in _attributes)
        {
            if (property.NameEquals(attribute.Utf8))
            {
                return attribute;
            }
        }

        if (_attributes.Count >= MaxAttributes)
        {
            return null;
        }

        var name = property.Name;
        var added = (name, System.Text.Encoding.UTF8.GetBytes(name), new ValueCounts(), name is "language" or "passage_language");
        _attributes.Add(added);
        return added;
    }

    private void AddLanguage(string value) => Languages.Add(value);

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", RegexOptions.CultureInvariant)]
    private static partial Regex LanguageCode();
}

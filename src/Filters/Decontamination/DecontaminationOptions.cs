using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Decontamination;

/// <summary>
/// Settings of the <c>decontaminate</c> filter: which benchmark files to check against, how benchmark records and
/// checked texts are compared (word n-grams after normalisation), and how much overlap is contamination.
/// </summary>
public sealed class DecontaminationOptions : IFilterOptions, IValidatableOptions
{
    /// <summary>
    /// The benchmark files: JSONL (<c>.jsonl</c>), a JSON array of records (<c>.json</c>; item N is the Nth element),
    /// gzip-compressed forms of either (<c>.gz</c>), Parquet (<c>.parquet</c>, flat string columns) or plain text
    /// (<c>.txt</c>, one item per non-blank line). Relative paths are resolved like every path of a pipeline. Required.
    /// </summary>
    public List<string> Against { get; set; } = [];

    /// <summary>
    /// The fields of a benchmark record that hold text (top-level keys; nested objects and lists under them are read
    /// whole). Default: every string field except the id field.
    /// </summary>
    public List<string> Fields { get; set; } = [];

    /// <summary>
    /// The field naming a benchmark record in reports. Default: the first of <c>id</c>, <c>task_id</c>,
    /// <c>problem_id</c>, <c>question_id</c>, <c>uid</c>, <c>_id</c> present in the record; the line number always is.
    /// </summary>
    public string? IdField { get; set; }

    /// <summary>The n-gram length in words (default 13).</summary>
    [Range(1, 64)]
    public int N { get; set; } = 13;

    /// <summary>
    /// How much of a benchmark item must be found for a hit. Below 1: a fraction of the item's distinct n-grams (0.5 =
    /// half of them); 1 or more: a whole number of n-grams (capped at the item's own count). Default 1: any shared
    /// n-gram, the usual setting for 13-grams.
    /// </summary>
    public double MinOverlap { get; set; } = 1;

    /// <summary>Which texts of an item are checked: roles (<c>user</c>, <c>assistant</c>) and text names (<c>text</c>, <c>messages[0]</c>). Default: all.</summary>
    public List<string> Check { get; set; } = [];

    /// <inheritdoc />
    public FilterMode Mode { get; set; } = FilterMode.Enforce;

    /// <summary>The number of distinct n-grams of an item with <paramref name="itemNGrams"/> n-grams that makes a hit (at least 1).</summary>
    public int Needed(int itemNGrams)
    {
        if (itemNGrams <= 0)
        {
            return 1;
        }

        return MinOverlap < 1
            ? Math.Max(1, (int)Math.Ceiling((MinOverlap * itemNGrams) - 1e-9))
            : (int)Math.Min(MinOverlap, itemNGrams);
    }

    /// <summary>A copy (lists included), so a filter is not affected by later changes to these options.</summary>
    public DecontaminationOptions Clone() => new()
    {
        Against = [.. Against],
        Fields = [.. Fields],
        IdField = IdField,
        N = N,
        MinOverlap = MinOverlap,
        Check = [.. Check],
        Mode = Mode,
    };

    /// <inheritdoc />
    public void Validate()
    {
        if (Against.Count == 0)
        {
            throw new OptionsValidationException("against", "name at least one benchmark file");
        }

        if (Against.Any(string.IsNullOrWhiteSpace))
        {
            throw new OptionsValidationException("against", "benchmark file names must not be blank");
        }

        if (Fields.Any(string.IsNullOrWhiteSpace))
        {
            throw new OptionsValidationException("fields", "field names must not be blank");
        }

        if (N is < 1 or > 64)
        {
            throw new OptionsValidationException("n", "must be between 1 and 64 words");
        }

        if (!double.IsFinite(MinOverlap) || MinOverlap <= 0)
        {
            throw new OptionsValidationException("min_overlap", "must be a fraction in (0, 1) or a whole number of n-grams ≥ 1");
        }

        if (MinOverlap >= 1 && MinOverlap != Math.Floor(MinOverlap))
        {
            throw new OptionsValidationException("min_overlap", $"{MinOverlap} is neither a fraction below 1 nor a whole number of n-grams");
        }
    }
}

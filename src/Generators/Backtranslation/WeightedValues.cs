namespace MidTrain.Generators.Backtranslation;

/// <summary>
/// The values of one steering axis with relative weights, as configured: a list (<c>[en, fr]</c>, equal weights) or a
/// mapping of value → weight (<c>{en: 3, fr: 1}</c>). Immutable.
/// </summary>
public sealed class WeightedValues
{
    /// <summary>Creates the values.</summary>
    public WeightedValues(IEnumerable<(string Value, double Weight)> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Items = items.ToArray();
    }

    /// <summary>Values with equal weights.</summary>
    public static WeightedValues Uniform(IEnumerable<string> values) => new(values.Select(v => (v, 1.0)));

    /// <summary>The values and weights, in configuration order.</summary>
    public IReadOnlyList<(string Value, double Weight)> Items { get; }
}

namespace MidTrain.Generators.Backtranslation;

/// <summary>
/// One steering axis (language, persona, question type, difficulty, register): its values with relative weights.
/// Immutable.
/// </summary>
public sealed record SteeringAxis
{
    /// <summary>Creates an axis; weights must be positive (they are normalised).</summary>
    public SteeringAxis(string name, IReadOnlyList<(string Value, double Weight)> values)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException($"steering axis '{name}' has no values");
        }

        if (values.Any(v => !(v.Weight > 0) || double.IsInfinity(v.Weight)))
        {
            throw new ArgumentException($"steering axis '{name}': weights must be positive numbers");
        }

        Name = name;
        Values = values;
        var total = values.Sum(v => v.Weight);
        var cumulative = new double[values.Count];
        var running = 0.0;
        for (var i = 0; i < values.Count; i++)
        {
            running += values[i].Weight / total;
            cumulative[i] = running;
        }

        cumulative[^1] = 1.0;
        Cumulative = cumulative;
    }

    /// <summary>The axis name, used as the attribute key.</summary>
    public string Name { get; }

    /// <summary>Values and weights, in configuration order.</summary>
    public IReadOnlyList<(string Value, double Weight)> Values { get; }

    /// <summary>Cumulative normalised weights.</summary>
    internal double[] Cumulative { get; }

    /// <summary>The configured probability of <paramref name="value"/>.</summary>
    public double Probability(string value) => Values.Where(v => v.Value == value).Sum(v => v.Weight) / Values.Sum(v => v.Weight);

    /// <summary>An axis of equally likely values.</summary>
    public static SteeringAxis Uniform(string name, IEnumerable<string> values) => new(name, values.Select(v => (v, 1.0)).ToArray());
}

using System.Globalization;

namespace MidTrain.Generators.LongContext;

/// <summary>
/// Where in a context evidence is placed, as a fraction of its length (0 = the beginning, 1 = the end): uniform over
/// [0, 1) (<c>depths: uniform</c>), or drawn uniformly from fixed points (<c>depths: [0, 25, 50, 75, 100]</c>, in
/// percent). Immutable.
/// </summary>
public sealed class DepthDistribution
{
    private DepthDistribution(IReadOnlyList<double>? points) => Points = points;

    /// <summary>Uniform over [0, 1).</summary>
    public static DepthDistribution Uniform { get; } = new(null);

    /// <summary>The fixed points (fractions in [0, 1]), or null when uniform.</summary>
    public IReadOnlyList<double>? Points { get; }

    /// <summary>Fixed points given in percent (0–100).</summary>
    /// <exception cref="ArgumentException">No point, or one outside 0–100.</exception>
    public static DepthDistribution Fixed(IEnumerable<double> percents)
    {
        ArgumentNullException.ThrowIfNull(percents);
        var points = percents.ToArray();
        if (points.Length == 0 || points.Any(p => p is < 0 or > 100 || double.IsNaN(p)))
        {
            throw new ArgumentException("depths are percentages between 0 and 100, at least one");
        }

        return new DepthDistribution(points.Select(p => p / 100).ToArray());
    }

    /// <summary>The depth for a uniform draw <paramref name="u"/> in [0, 1).</summary>
    public double Draw(double u) => Points is null ? u : Points[Math.Min(Points.Count - 1, (int)(u * Points.Count))];

    /// <inheritdoc />
    public override string ToString() => Points is null
        ? "uniform"
        : "[" + string.Join(", ", Points.Select(p => (p * 100).ToString("0.##", CultureInfo.InvariantCulture))) + "]";
}

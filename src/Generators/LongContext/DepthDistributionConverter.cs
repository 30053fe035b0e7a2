using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;

namespace MidTrain.Generators.LongContext;

/// <summary>Binds <see cref="DepthDistribution"/> from <c>uniform</c> or a list of percentages. Stateless.</summary>
public sealed class DepthDistributionConverter : IConfigConverter
{
    /// <inheritdoc />
    public object? Convert(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node switch
        {
            ConfigScalar { Value: "uniform" } => DepthDistribution.Uniform,
            ConfigSequence { Items.Count: > 0 } seq => DepthDistribution.Fixed(seq.Items.Select(Percent)),
            _ => throw node.Error("expected 'uniform' or a list of percentages (0-100), e.g. [0, 25, 50, 75, 100]"),
        };
    }

    /// <inheritdoc />
    public JsonNode? ToJson(object? value) => value is DepthDistribution { Points: { } points }
        ? new JsonArray([.. points.Select(p => (JsonNode?)JsonValue.Create(p * 100))])
        : JsonValue.Create("uniform");

    private static double Percent(ConfigNode node) =>
        node is ConfigScalar { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100
            ? value
            : throw node.Error("a depth is a percentage between 0 and 100");
}

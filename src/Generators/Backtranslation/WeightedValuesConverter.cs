using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;

namespace MidTrain.Generators.Backtranslation;

/// <summary>Binds <see cref="WeightedValues"/> from a list of values or a mapping of value → positive weight. Stateless.</summary>
public sealed class WeightedValuesConverter : IConfigConverter
{
    /// <inheritdoc />
    public object? Convert(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var items = node switch
        {
            ConfigScalar { IsNull: true } => null,
            ConfigScalar scalar => [(scalar.Value ?? string.Empty, 1.0)],
            ConfigSequence seq => seq.Items.Select(item => item is ConfigScalar { IsNull: false, Value: { Length: > 0 } value }
                ? (value, 1.0)
                : throw item.Error($"expected a value, got a {item.KindName}")).ToArray(),
            ConfigMapping map => map.Entries.Select(e => (e.Key, Weight(e.Value))).ToArray(),
            _ => throw node.Error($"expected a list or a mapping of value → weight, got a {node.KindName}"),
        };
        if (items is null)
        {
            return null;
        }

        return items.Length > 0 ? new WeightedValues(items) : throw node.Error("needs at least one value");
    }

    /// <inheritdoc />
    public JsonNode? ToJson(object? value) => value is WeightedValues values
        ? new JsonObject(values.Items.Select(i => KeyValuePair.Create(i.Value, (JsonNode?)JsonValue.Create(i.Weight))))
        : null;

    private static double Weight(ConfigNode node) =>
        node is ConfigScalar { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var weight) && weight > 0 && double.IsFinite(weight)
            ? weight
            : throw node.Error("a weight must be a positive number");
}

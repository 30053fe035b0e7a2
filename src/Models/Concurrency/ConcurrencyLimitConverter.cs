using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Core.Configuration;

namespace MidTrain.Models.Concurrency;

/// <summary>
/// Reads <c>max_concurrency</c>: a number (fixed), <c>auto</c> (adaptive with the defaults) or a mapping of
/// <c>min</c>, <c>max</c>, <c>initial</c>, <c>latency_tolerance</c> (adaptive). Stateless.
/// </summary>
internal sealed class ConcurrencyLimitConverter : IConfigConverter
{
    public object? Convert(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        switch (node)
        {
            case ConfigScalar { IsNull: true }:
                return null;
            case ConfigScalar { Value: { } text } when text.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase):
                return ConcurrencyLimit.Adaptive();
            case ConfigScalar { Value: { } text } when long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n):
                return n is >= 1 and <= ConcurrencyLimit.Ceiling
                    ? ConcurrencyLimit.Fixed((int)n)
                    : throw node.Error($"must be between 1 and {ConcurrencyLimit.Ceiling} (or auto)");
            case ConfigMapping mapping:
                var bounds = OptionsBinder.Bind<Bounds>(mapping);
                var limit = ConcurrencyLimit.Adaptive(bounds.Min, bounds.Max, bounds.Initial, bounds.LatencyTolerance);
                OptionsBinder.Located(mapping, () =>
                {
                    try
                    {
                        limit.Validate();
                    }
                    catch (OptionsValidationException ex)
                    {
                        // Validate names keys from the model entry; here they are relative to this mapping.
                        const string prefix = "max_concurrency.";
                        throw new OptionsValidationException(ex.Key is { } key && key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : null, ex.Detail);
                    }

                    return limit;
                });
                return limit;
            default:
                throw node.Error($"expected a number of requests, auto, or a mapping of min, max, initial, latency_tolerance; got {(node is ConfigScalar s ? $"'{s.Value}'" : "a " + node.KindName)}");
        }
    }

    public JsonNode? ToJson(object? value) => value switch
    {
        ConcurrencyLimit { IsAdaptive: false } fixedLimit => JsonValue.Create(fixedLimit.Max),
        ConcurrencyLimit adaptive => new JsonObject
        {
            ["min"] = adaptive.Min,
            ["max"] = adaptive.Max,
            ["initial"] = adaptive.Initial,
            ["latency_tolerance"] = adaptive.LatencyTolerance,
        },
        _ => null,
    };

    /// <summary>The keys of the mapping form.</summary>
    private sealed class Bounds
    {
        public int? Min { get; set; }

        public int? Max { get; set; }

        public int? Initial { get; set; }

        public double? LatencyTolerance { get; set; }
    }
}

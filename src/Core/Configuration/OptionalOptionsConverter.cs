using System.Text.Json.Nodes;

namespace MidTrain.Core.Configuration;

/// <summary>
/// Binds a feature that is on by default and can be tuned or turned off: <c>false</c>/<c>off</c>/<c>no</c> → null
/// (off), <c>true</c>/<c>on</c>/<c>yes</c> → the defaults of <typeparamref name="T"/>, a mapping → <typeparamref name="T"/>
/// bound from it (e.g. <c>dedup: false</c>, <c>dedup: {jaccard: 0.8}</c>). Stateless.
/// </summary>
/// <typeparam name="T">The feature's options type.</typeparam>
public sealed class OptionalOptionsConverter<T> : IConfigConverter
    where T : class, new()
{
    /// <inheritdoc />
    public object? Convert(ConfigNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node switch
        {
            ConfigMapping map => OptionsBinder.Bind<T>(map),
            ConfigScalar { IsNull: true } => null,
            ConfigScalar scalar => scalar.Value?.ToLowerInvariant() switch
            {
                "false" or "off" or "no" => null,
                "true" or "on" or "yes" => new T(),
                _ => throw node.Error($"expected true, false or a mapping of options, got '{scalar.Value}'"),
            },
            _ => throw node.Error($"expected true, false or a mapping of options, got a {node.KindName}"),
        };
    }

    /// <inheritdoc />
    public JsonNode? ToJson(object? value) => value is null ? JsonValue.Create(false) : OptionsBinder.ToJson(value);
}

namespace MidTrain.Core.Configuration;

/// <summary>
/// The configuration key of an options property when it is not the snake_case of the property name (e.g.
/// <c>[ConfigKey("timeout_s")] TimeSpan Timeout</c>). A <see cref="TimeSpan"/> key ending in <c>_ms</c> reads
/// milliseconds, <c>_s</c> seconds; other durations accept a number of seconds or a string such as <c>12h</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ConfigKeyAttribute(string key) : Attribute
{
    /// <summary>The key.</summary>
    public string Key { get; } = key;

    /// <summary>Other keys accepted for the same property (older spellings).</summary>
    public string[] Aliases { get; init; } = [];
}

namespace MidTrain.Core.Configuration;

/// <summary>One key of a <see cref="ConfigMapping"/> with its value and the line the key is on.</summary>
/// <param name="Key">The key.</param>
/// <param name="KeyLine">The 1-based line of the key.</param>
/// <param name="Value">The value.</param>
public sealed record ConfigEntry(string Key, long KeyLine, ConfigNode Value);

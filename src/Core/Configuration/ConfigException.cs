namespace MidTrain.Core.Configuration;

/// <summary>
/// A configuration error that names where it is: <c>file:line: key 'path': message</c> (the CLI exits with code 2).
/// Components that bind their options through <see cref="OptionsBinder"/> never build this message themselves: they
/// throw <see cref="OptionsValidationException"/> naming the key, and the binder locates it.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates an error with a ready message (no location of its own).</summary>
    public ConfigException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an error with a ready message and an inner exception.</summary>
    public ConfigException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates an error at <paramref name="file"/>:<paramref name="line"/> for the key <paramref name="key"/>.</summary>
    public ConfigException(string file, long line, string key, string message)
        : this(file, line, key, message, key.Length == 0 ? $"{Where(file, line)}: {message}" : $"{Where(file, line)}: key '{key}': {message}")
    {
    }

    private ConfigException(string file, long line, string key, string detail, string message)
        : base(message)
    {
        File = file;
        Line = line;
        Key = key;
        Detail = detail;
    }

    /// <summary>The file, when located.</summary>
    public string? File { get; }

    /// <summary>The line, when located.</summary>
    public long Line { get; }

    /// <summary>The key path, when located.</summary>
    public string? Key { get; }

    /// <summary>The message without its location, when located.</summary>
    public string? Detail { get; }

    /// <summary>An unknown key: <c>file:line: unknown key 'path' (known keys here: …)</c>.</summary>
    public static ConfigException UnknownKey(string file, long line, string key, IEnumerable<string> known)
    {
        var allowed = known.Order(StringComparer.Ordinal).ToArray();
        var detail = "unknown key" + (allowed.Length > 0 ? $" (known keys here: {string.Join(", ", allowed)})" : string.Empty);
        return new ConfigException(file, line, key, detail, $"{Where(file, line)}: unknown key '{key}'" + detail["unknown key".Length..]);
    }

    private static string Where(string file, long line) => line > 0 ? $"{file}:{line}" : file;
}

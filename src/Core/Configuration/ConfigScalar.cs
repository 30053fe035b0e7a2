namespace MidTrain.Core.Configuration;

/// <summary>A scalar value as written (numbers and booleans are kept as text and converted by the binder). Immutable.</summary>
public sealed class ConfigScalar : ConfigNode
{
    /// <summary>Creates a scalar.</summary>
    /// <param name="file">The file.</param>
    /// <param name="line">The line.</param>
    /// <param name="path">The key path.</param>
    /// <param name="value">The text (null for a YAML null).</param>
    /// <param name="quoted">Whether the value was quoted (a quoted <c>"null"</c> is the string null, not a null).</param>
    public ConfigScalar(string file, long line, string path, string? value, bool quoted = false)
        : base(file, line, path)
    {
        Value = value;
        IsQuoted = quoted;
    }

    /// <summary>The text, or null.</summary>
    public string? Value { get; }

    /// <summary>Whether the value was quoted.</summary>
    public bool IsQuoted { get; }

    /// <summary>True for an unquoted empty value, <c>~</c> or <c>null</c>.</summary>
    public bool IsNull => !IsQuoted && Value is null or "" or "~" or "null" or "Null" or "NULL";

    /// <inheritdoc />
    public override string KindName => "scalar";

    /// <inheritdoc />
    public override string ToString() => Value ?? "null";
}

namespace MidTrain.Datasets.Export;

/// <summary>
/// <c>--where ATTRIBUTE=VALUE</c>: a sample passes when its attribute equals the value (ordinal). Conditions on the same
/// attribute are alternatives (<c>--where language=en --where language=fr</c>: either); conditions on different
/// attributes must all hold.
/// </summary>
/// <param name="Attribute">The attribute, e.g. <c>language</c>.</param>
/// <param name="Value">The value it must have.</param>
public sealed record AttributeCondition(string Attribute, string Value)
{
    /// <summary>Parses <c>ATTRIBUTE=VALUE</c>.</summary>
    /// <exception cref="FormatException">Not of that form.</exception>
    public static AttributeCondition Parse(string text)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        return at <= 0
            ? throw new FormatException($"'{text}' is not ATTRIBUTE=VALUE (e.g. language=fr)")
            : new AttributeCondition(text[..at].Trim(), text[(at + 1)..]);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Attribute}={Value}";
}

namespace MidTrain.Filters.Contracts;

/// <summary>
/// One named text of a <see cref="FilterItem"/>: <c>text</c> for a document or passage, <c>messages[i]</c> (with the
/// message's role) for a sample. Filters decide from these texts and address rewrites to them by
/// <see cref="Name"/>. Immutable.
/// </summary>
/// <param name="Name">The text's name within its item (<see cref="DocumentText"/> or <see cref="MessageName"/>).</param>
/// <param name="Role">The chat role (<c>system</c>, <c>user</c>, <c>assistant</c>) of a sample message, else null.</param>
/// <param name="Text">The text.</param>
public sealed record FilterText(string Name, string? Role, string Text)
{
    /// <summary>The name of a document's or passage's text.</summary>
    public const string DocumentText = "text";

    /// <summary>The name of a sample's message at <paramref name="index"/>: <c>messages[index]</c>.</summary>
    public static string MessageName(int index) => $"messages[{index}]";
}

using System.Globalization;
using System.Text;
using MidTrain.Core.Reasoning;
using MidTrain.Models.Reasoning;

namespace MidTrain.Models.Grammar;

/// <summary>
/// Puts a reasoning trace in front of a JSON grammar (see <see cref="LocalReasoningGrammar"/>): the start rule
/// <see cref="Root"/> admits the opening tag (unless the prompt opened the trace), at least one character of trace text, the closing tag, up to
/// two whitespace characters, then the JSON grammar's own <c>root</c>. Trace text is any character except the first of
/// the closing tag, or that character followed by anything but the tag's second one — so the trace cannot hold the
/// closing tag, and nothing that starts it (e.g. <c>&lt;/</c> for <c>&lt;/think&gt;</c>). Rule names use
/// <c>[a-z-]</c> only, which llama.cpp accepts. Stateless and thread-safe.
/// </summary>
internal static class ReasoningGrammar
{
    /// <summary>The start rule of a wrapped grammar.</summary>
    public const string Root = "reasoning-root";

    /// <summary>Wraps <paramref name="jsonGrammar"/> (start rule <c>root</c>) so a trace may or must precede it.</summary>
    public static string Wrap(string jsonGrammar, ReasoningTags tags, LocalReasoningGrammar mode, ReasoningStart start, int? maxChars)
    {
        ArgumentNullException.ThrowIfNull(jsonGrammar);
        ArgumentNullException.ThrowIfNull(tags);
        if (mode == LocalReasoningGrammar.Off)
        {
            throw new ArgumentOutOfRangeException(nameof(mode), "a reasoning grammar needs mode optional or required");
        }

        tags.EnsureUsable();
        var openedInPrompt = start == ReasoningStart.Prompt;
        var block = (openedInPrompt ? string.Empty : JsonSchemaGbnfConverter.Literal(tags.Open) + " ") + "reasoning-body " + JsonSchemaGbnfConverter.Literal(tags.Close) + " reasoning-ws";

        // When the prompt opened the trace, the model must close it: an optional trace makes no sense then.
        var root = mode == LocalReasoningGrammar.Optional && !openedInPrompt ? $"({block})? root" : $"{block} root";
        var close = tags.Close.EnumerateRunes().ToArray();
        var character = close.Length > 1
            ? $"[^{Escape(close[0])}] | {JsonSchemaGbnfConverter.Literal(close[0].ToString())} [^{Escape(close[1])}]"
            : $"[^{Escape(close[0])}]";
        var body = maxChars is { } max ? $"reasoning-char{{1,{max.ToString(CultureInfo.InvariantCulture)}}}" : "reasoning-char+";
        var sb = new StringBuilder();
        sb.Append(Root).Append(" ::= ").Append(root).Append('\n');
        sb.Append("reasoning-body ::= ").Append(body).Append('\n');
        sb.Append("reasoning-char ::= ").Append(character).Append('\n');
        sb.Append("reasoning-ws ::= [ \\t\\n]{0,2}\n");
        sb.Append(jsonGrammar);
        return sb.ToString();
    }

    /// <summary>A character-class member for <paramref name="rune"/>, escaped so no character can end or negate the class.</summary>
    private static string Escape(Rune rune) => rune.Value <= 0xFFFF
        ? "\\u" + rune.Value.ToString("X4", CultureInfo.InvariantCulture)
        : "\\U" + rune.Value.ToString("X8", CultureInfo.InvariantCulture);
}

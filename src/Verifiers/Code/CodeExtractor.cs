using System.Text.RegularExpressions;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Takes the code out of a model answer: the first fenced block tagged with the language (e.g. <c>```python</c>),
/// else the first fenced block of any tag, else the whole text. Stateless and thread-safe.
/// </summary>
public static partial class CodeExtractor
{
    /// <summary>The code in <paramref name="text"/> for <paramref name="language"/>.</summary>
    public static string Extract(string text, CodeLanguage language)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("```", StringComparison.Ordinal))
        {
            return text;
        }

        string? firstAny = null;
        foreach (Match match in Fence().Matches(text))
        {
            var tag = match.Groups["tag"].Value.Trim();
            var body = match.Groups["body"].Value;
            if (tag.Length > 0 && language.Matches(tag))
            {
                return body;
            }

            firstAny ??= body;
        }

        return firstAny ?? text;
    }

    [GeneratedRegex(@"```[ \t]*(?<tag>[A-Za-z0-9_+#.-]*)[^\n]*\n(?<body>.*?)(?:\n[ \t]*```|\z)", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Fence();
}

using System.Text;

namespace MidTrain.Core.Configuration;

/// <summary>Configuration key spelling: the snake_case of a .NET name (<c>MaxConcurrency</c> → <c>max_concurrency</c>). Stateless.</summary>
public static class ConfigNames
{
    /// <summary>The snake_case of <paramref name="name"/>; runs of capitals stay one word (<c>HTTPServer</c> → <c>http_server</c>).</summary>
    public static string SnakeCase(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var endOfAcronym = i > 0 && char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (builder.Length > 0 && builder[^1] != '_' && (previousIsLowerOrDigit || endOfAcronym))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Whether <paramref name="text"/> names the enum member <paramref name="member"/> (case, <c>_</c> and <c>-</c> ignored).</summary>
    public static bool MatchesMember(string text, string member) =>
        string.Equals(Squash(text), Squash(member), StringComparison.OrdinalIgnoreCase);

    private static string Squash(string text) => text.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
}

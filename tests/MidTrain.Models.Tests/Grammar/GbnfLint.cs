using System.Text.RegularExpressions;

namespace MidTrain.Models.Tests.Grammar;

/// <summary>
/// A small independent GBNF checker: rule names valid, every rule defined once, every reference defined, literals and
/// character classes closed, parentheses balanced, repetition braces well-formed.
/// </summary>
internal static partial class GbnfLint
{
    public static List<string> Problems(string grammar)
    {
        var problems = new List<string>();
        var defined = new HashSet<string>();
        var referenced = new HashSet<string>();
        foreach (var line in grammar.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var sep = line.IndexOf(" ::= ", StringComparison.Ordinal);
            if (sep <= 0)
            {
                problems.Add("no ::= in: " + line);
                continue;
            }

            var name = line[..sep];
            if (!Name().IsMatch(name))
            {
                problems.Add("bad rule name: " + name);
            }

            if (!defined.Add(name))
            {
                problems.Add("defined twice: " + name);
            }

            var body = line[(sep + 5)..];
            var depth = 0;
            for (var i = 0; i < body.Length; i++)
            {
                var c = body[i];
                if (c == '"')
                {
                    i++;
                    while (i < body.Length && body[i] != '"')
                    {
                        i += body[i] == '\\' ? 2 : 1;
                    }

                    if (i >= body.Length)
                    {
                        problems.Add($"unclosed literal in {name}");
                    }
                }
                else if (c == '[')
                {
                    i++;
                    while (i < body.Length && body[i] != ']')
                    {
                        i += body[i] == '\\' ? 2 : 1;
                    }

                    if (i >= body.Length)
                    {
                        problems.Add($"unclosed class in {name}");
                    }
                }
                else if (c == '(')
                {
                    depth++;
                }
                else if (c == ')')
                {
                    depth--;
                }
                else if (c == '{')
                {
                    var close = body.IndexOf('}', i);
                    if (close < 0 || !Braces().IsMatch(body[i..(close + 1)]))
                    {
                        problems.Add($"bad repetition in {name}");
                    }

                    i = close < 0 ? body.Length : close;
                }
                else if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
                {
                    var start = i;
                    while (i < body.Length && (char.IsAsciiLetterLower(body[i]) || char.IsAsciiDigit(body[i]) || body[i] == '-'))
                    {
                        i++;
                    }

                    referenced.Add(body[start..i]);
                    i--;
                }
                else if (c is '_' || char.IsAsciiLetterUpper(c))
                {
                    problems.Add($"stray '{c}' in {name}");
                }
            }

            if (depth != 0)
            {
                problems.Add($"unbalanced parentheses in {name}");
            }
        }

        if (!defined.Contains("root"))
        {
            problems.Add("no root rule");
        }

        problems.AddRange(referenced.Where(r => !defined.Contains(r)).Select(r => "undefined rule: " + r));
        return problems;
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex Name();

    [GeneratedRegex(@"^\{\d+(,\d*)?\}$")]
    private static partial Regex Braces();
}

using System.Globalization;

namespace MidTrain.Verifiers.Code;

/// <summary>Compares a program's output with the expected output under an <see cref="OutputComparison"/>. Stateless and thread-safe.</summary>
public static class OutputComparer
{
    private static readonly char[] Whitespace = [' ', '\t', '\n', '\r', '\f', '\v'];

    /// <summary>Whether <paramref name="actual"/> matches <paramref name="expected"/>.</summary>
    /// <param name="actual">What the program printed.</param>
    /// <param name="expected">What it should have printed.</param>
    /// <param name="comparison">The comparison mode.</param>
    /// <param name="tolerance">For <see cref="OutputComparison.Numeric"/>: numbers match when |a−e| ≤ tolerance or |a−e| ≤ tolerance·|e|.</param>
    public static bool Matches(string actual, string expected, OutputComparison comparison, double tolerance = 1e-6)
    {
        switch (comparison)
        {
            case OutputComparison.Exact:
                return string.Equals(actual.ReplaceLineEndings("\n"), expected.ReplaceLineEndings("\n"), StringComparison.Ordinal);
            case OutputComparison.Whitespace:
                return Tokens(actual).SequenceEqual(Tokens(expected), StringComparer.Ordinal);
            case OutputComparison.Numeric:
                var a = Tokens(actual);
                var e = Tokens(expected);
                if (a.Length != e.Length)
                {
                    return false;
                }

                for (var i = 0; i < a.Length; i++)
                {
                    if (!TokenMatches(a[i], e[i], tolerance))
                    {
                        return false;
                    }
                }

                return true;
            default:
                throw new ArgumentOutOfRangeException(nameof(comparison), comparison, null);
        }
    }

    private static string[] Tokens(string s) => s.Split(Whitespace, StringSplitOptions.RemoveEmptyEntries);

    private static bool TokenMatches(string actual, string expected, double tolerance)
    {
        if (string.Equals(actual, expected, StringComparison.Ordinal))
        {
            return true;
        }

        if (!double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ||
            !double.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ||
            double.IsNaN(a) || double.IsNaN(e))
        {
            return false;
        }

        if (double.IsInfinity(a) || double.IsInfinity(e))
        {
            return a.Equals(e);
        }

        var diff = System.Math.Abs(a - e);
        return diff <= tolerance || diff <= tolerance * System.Math.Abs(e);
    }
}

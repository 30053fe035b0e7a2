using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace MidTrain.Core.Text;

/// <summary>
/// The Unicode normalisation data the runtime lacks: the process runs with invariant globalization, where
/// <see cref="string.Normalize()"/> leaves non-ASCII text unchanged without error, so NFKC forms, canonical
/// compositions and diacritic-free forms come from tables generated from the Unicode database
/// (<c>generate_unicode_tables.py</c> beside this file; Unicode <see cref="UnicodeVersion"/>, BMP only). Used by every
/// text matcher that must treat "ﬁ", "ｆｉ" and "fi", or "é" and "e\u0301", as the same text. Lookups are
/// allocation-free; the tables are built once on first use. Thread-safe.
/// </summary>
public static class UnicodeNormalization
{
    private static readonly string?[] Nfkc = ParseMap(UnicodeTables.Nfkc);
    private static readonly string?[] Fold = ParseMap(UnicodeTables.Fold);
    private static readonly FrozenDictionary<int, char> Compose = ParseCompose(UnicodeTables.Compose);

    /// <summary>The Unicode version the tables were generated from.</summary>
    public const string UnicodeVersion = "14.0.0";

    /// <summary>
    /// The NFKC form of <paramref name="c"/> when it differs from <paramref name="c"/> itself (ligatures, full-width
    /// and compatibility forms, precomposed characters whose NFKC form is another sequence).
    /// </summary>
    /// <returns>True when <paramref name="c"/> has a different NFKC form.</returns>
    public static bool TryGetCompatibilityForm(char c, [NotNullWhen(true)] out string? form)
    {
        form = Nfkc[c];
        return form is not null;
    }

    /// <summary>The canonical composite of <paramref name="starter"/> followed by the combining <paramref name="mark"/> (e + ◌́ → é).</summary>
    /// <returns>True when the pair has a canonical composite.</returns>
    public static bool TryCompose(char starter, char mark, out char composite) =>
        Compose.TryGetValue((starter << 16) | mark, out composite);

    /// <summary>
    /// The form of <paramref name="c"/> without diacritics (é → e, ø → o) when it differs from its NFKC form; letters
    /// with a stroke or bar (ø, ł, đ, ħ…), which have no decomposition, are included by hand.
    /// </summary>
    /// <returns>True when <paramref name="c"/> has a different diacritic-free form.</returns>
    public static bool TryGetFormWithoutDiacritics(char c, [NotNullWhen(true)] out string? form)
    {
        form = Fold[c];
        return form is not null;
    }

    private static string?[] ParseMap(string table)
    {
        var map = new string?[char.MaxValue + 1];
        for (var i = 0; i < table.Length;)
        {
            var key = table[i];
            var length = table[i + 1];
            map[key] = table.Substring(i + 2, length);
            i += 2 + length;
        }

        return map;
    }

    private static FrozenDictionary<int, char> ParseCompose(string table)
    {
        var map = new Dictionary<int, char>();
        for (var i = 0; i + 2 < table.Length; i += 3)
        {
            map[(table[i] << 16) | table[i + 1]] = table[i + 2];
        }

        return map.ToFrozenDictionary();
    }
}

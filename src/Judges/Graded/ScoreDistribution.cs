using MidTrain.Core.Models;

namespace MidTrain.Judges.Graded;

/// <summary>
/// A judge's probability distribution over the scores of a rubric (G-Eval style graded scoring): the probabilities of
/// the valid score tokens at the position where the score was generated, renormalised to sum to 1, with the expected
/// score Σ p·s and the entropy −Σ p·ln p in nats. Immutable and thread-safe.
/// </summary>
public sealed record ScoreDistribution
{
    private ScoreDistribution(IReadOnlyDictionary<string, double> probabilities, double expected, double entropy)
    {
        Probabilities = probabilities;
        Expected = expected;
        Entropy = entropy;
    }

    /// <summary>Probability of every score of the scale (key: the score as text, in ascending order; scores the model never considered have 0).</summary>
    public IReadOnlyDictionary<string, double> Probabilities { get; }

    /// <summary>The expected score Σ p·s.</summary>
    public double Expected { get; }

    /// <summary>The entropy −Σ p·ln p, in nats (0 when the judge was certain; ln 5 ≈ 1.609 for a uniform 1–5 scale).</summary>
    public double Entropy { get; }

    /// <summary>
    /// Renormalises non-negative <paramref name="mass"/> (score → unnormalised probability) over the scores
    /// <paramref name="minScore"/>..<paramref name="maxScore"/>; mass outside the scale is ignored. Null when no score has mass.
    /// </summary>
    public static ScoreDistribution? FromMass(IReadOnlyDictionary<int, double> mass, int minScore, int maxScore)
    {
        ArgumentNullException.ThrowIfNull(mass);
        if (maxScore < minScore)
        {
            throw new ArgumentOutOfRangeException(nameof(maxScore), "maxScore must be at least minScore");
        }

        var total = 0.0;
        for (var s = minScore; s <= maxScore; s++)
        {
            if (mass.TryGetValue(s, out var m))
            {
                if (m < 0 || double.IsNaN(m))
                {
                    throw new ArgumentException($"mass of score {s} is {m}; it must be a non-negative number", nameof(mass));
                }

                total += m;
            }
        }

        if (!(total > 0) || double.IsInfinity(total))
        {
            return null;
        }

        var probabilities = new Dictionary<string, double>(maxScore - minScore + 1, StringComparer.Ordinal);
        var expected = 0.0;
        var entropy = 0.0;
        for (var s = minScore; s <= maxScore; s++)
        {
            var p = mass.TryGetValue(s, out var m) ? m / total : 0.0;
            probabilities[s.ToString(System.Globalization.CultureInfo.InvariantCulture)] = p;
            expected += p * s;
            if (p > 0)
            {
                entropy -= p * Math.Log(p);
            }
        }

        return new ScoreDistribution(probabilities, expected, entropy);
    }

    /// <summary>
    /// Reads the distribution from token log-probabilities. <paramref name="text"/> is the reply whose generated tokens are
    /// <paramref name="tokens"/>; <paramref name="scoreOffset"/> is the character offset in <paramref name="text"/> of the score
    /// digit. The token covering that offset is found, and each of its top alternatives that would have put a valid score
    /// digit there (e.g. <c>"4"</c>, <c>" 4"</c>, <c>"4,"</c>) contributes its probability to that score.
    /// Returns null when the tokens do not spell <paramref name="text"/>, when no token covers the offset, or when the scale has
    /// a score that is not a single digit (a two-digit score spans several tokens and has no single position).
    /// When the tokens spell more than <paramref name="text"/> — a judge that reasoned first, whose trace the model layer
    /// took out of the reply — <paramref name="text"/> is matched at its last occurrence: the answer comes after the trace,
    /// and a draft of it inside the trace must not be read instead.
    /// </summary>
    public static ScoreDistribution? FromLogprobs(IReadOnlyList<TokenLogprob> tokens, string text, int scoreOffset, int minScore, int maxScore)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(text);
        if (minScore < 0 || maxScore > 9 || maxScore < minScore || tokens.Count == 0 || scoreOffset < 0 || scoreOffset >= text.Length)
        {
            return null;
        }

        var spelled = string.Concat(tokens.Select(t => t.Token));
        int shift;
        if (string.Equals(spelled, text, StringComparison.Ordinal))
        {
            shift = 0;
        }
        else if (spelled.LastIndexOf(text, StringComparison.Ordinal) is var inside and >= 0)
        {
            // The backend trimmed the text (e.g. leading whitespace, or a reasoning trace before it) but reported every token.
            shift = inside;
        }
        else if (spelled.EndsWith(text[scoreOffset..], StringComparison.Ordinal))
        {
            // Earlier tokens decode differently one by one than all together (a multi-byte character split across
            // byte tokens turns into replacement characters), but the tail from the score on is spelled identically.
            shift = spelled.Length - text.Length;
        }
        else
        {
            return null;
        }

        var position = scoreOffset + shift;
        var start = 0;
        foreach (var token in tokens)
        {
            var end = start + token.Token.Length;
            if (position >= start && position < end)
            {
                return FromPosition(token, position - start, minScore, maxScore);
            }

            start = end;
        }

        return null;
    }

    private static ScoreDistribution? FromPosition(TokenLogprob token, int digitIndex, int minScore, int maxScore)
    {
        var prefix = token.Token[..digitIndex];
        var mass = new Dictionary<int, double>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<TokenLogprob> candidates = token.TopLogprobs.Append(new TokenLogprob(token.Token, token.Logprob));
        foreach (var candidate in candidates)
        {
            // The generated token is usually among its own top alternatives: count each token text once.
            if (!seen.Add(candidate.Token))
            {
                continue;
            }

            if (ScoreOf(candidate.Token, prefix) is { } score && score >= minScore && score <= maxScore)
            {
                mass[score] = mass.GetValueOrDefault(score) + Math.Exp(candidate.Logprob);
            }
        }

        return FromMass(mass, minScore, maxScore);
    }

    /// <summary>The score digit a candidate token would put at the score position, or null when it would not write a lone digit there.</summary>
    private static int? ScoreOf(string candidate, string prefix)
    {
        var rest = candidate.StartsWith(prefix, StringComparison.Ordinal) ? candidate[prefix.Length..] : candidate;
        rest = rest.TrimStart(' ', '\t', '\n', '\r', '"', ':');
        if (rest.Length == 0 || !char.IsAsciiDigit(rest[0]))
        {
            return null;
        }

        // After the digit only what may follow a JSON number (or close a quoted one): another digit would make a different number.
        foreach (var c in rest.AsSpan(1))
        {
            if (c is not (' ' or '\t' or '\n' or '\r' or ',' or '}' or '"'))
            {
                return null;
            }
        }

        return rest[0] - '0';
    }
}

using System.Globalization;
using System.Text;

namespace MidTrain.Testing.Corpora;

/// <summary>
/// A seeded generator of documents whose judge label is a known function of the text, for testing quality
/// classifiers: each document has a latent quality q drawn uniformly from [0, 5]; about one word in seven is a signal
/// word — from an "educational" vocabulary with probability q/5, else from a "spam" vocabulary — and the rest are
/// filler pseudo-words shared by every document. The simulated judge's label is q plus Gaussian noise, rounded and
/// clamped to 0–5. A model that reads the signal words recovers the label's ranking (Spearman ≈ 0.9); shuffled labels
/// carry no signal. The same seed gives the same documents. Stateless and thread-safe.
/// </summary>
public static class PlantedQualityCorpus
{
    private static readonly string[] Educational =
    [
        "theorem", "photosynthesis", "hypothesis", "experiment", "derivation", "molecule", "equation", "evidence",
        "analysis", "chromosome", "algorithm", "proof", "ecosystem", "velocity", "historian", "manuscript",
        "definition", "lemma", "observation", "curriculum", "laboratory", "quantitative", "mitochondria", "democracy",
        "grammar", "integral", "geology", "orbit", "catalyst", "theory", "citation", "archive",
    ];

    private static readonly string[] Spam =
    [
        "click", "subscribe", "discount", "casino", "giveaway", "bonus", "cheap", "winner", "limited", "offer",
        "deal", "promo", "coupon", "jackpot", "viral", "followers", "unbelievable", "shocking", "bargain", "sale",
        "free", "lottery", "crypto", "profit", "guaranteed", "miracle", "celebrity", "gossip", "sponsored", "trending",
        "hurry", "exclusive",
    ];

    private static readonly string[] Syllables =
    [
        "ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da", "fe", "go", "hu", "ji", "pe", "qua", "re", "si",
        "to", "un", "va", "wo", "xe", "yo", "zu", "an", "el", "or", "is", "en",
    ];

    /// <summary>Generates <paramref name="count"/> documents of about <paramref name="targetChars"/> characters.</summary>
    /// <param name="count">Documents to generate.</param>
    /// <param name="seed">Seed; the same seed gives the same documents.</param>
    /// <param name="targetChars">Approximate length of each text.</param>
    /// <param name="labelNoise">Standard deviation of the judge's noise around the latent quality.</param>
    /// <param name="signalRate">Share of words that are signal words.</param>
    public static IReadOnlyList<PlantedDocument> Generate(int count, int seed, int targetChars = 2000, double labelNoise = 0.5, double signalRate = 0.15)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetChars, 20);
        var random = new Random(seed);
        var filler = Filler(new Random(unchecked(seed * 31 + 7)), 3000);
        var documents = new PlantedDocument[count];
        var text = new StringBuilder(targetChars + 64);
        for (var d = 0; d < count; d++)
        {
            var quality = random.NextDouble() * 5;
            text.Clear();
            var sentenceStart = true;
            var wordsInSentence = 0;
            while (text.Length < targetChars)
            {
                string word;
                if (random.NextDouble() < signalRate)
                {
                    word = random.NextDouble() < quality / 5 ? Educational[random.Next(Educational.Length)] : Spam[random.Next(Spam.Length)];
                }
                else
                {
                    // Zipf-like filler: frequent words are frequent in every document.
                    word = filler[(int)(filler.Length * Math.Pow(random.NextDouble(), 3))];
                }

                if (sentenceStart)
                {
                    word = char.ToUpperInvariant(word[0]) + word[1..];
                    sentenceStart = false;
                }

                text.Append(word);
                wordsInSentence++;
                if (wordsInSentence >= 8 && random.NextDouble() < 0.15)
                {
                    text.Append(". ");
                    sentenceStart = true;
                    wordsInSentence = 0;
                }
                else
                {
                    text.Append(' ');
                }
            }

            var noise = labelNoise * Gaussian(random);
            var label = (int)Math.Clamp(Math.Round(quality + noise, MidpointRounding.AwayFromZero), 0, 5);
            documents[d] = new PlantedDocument(string.Create(CultureInfo.InvariantCulture, $"doc-{d:D6}"), text.ToString().TrimEnd(), quality, label);
        }

        return documents;
    }

    private static string[] Filler(Random random, int count)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var words = new List<string>(count);
        var builder = new StringBuilder();
        while (words.Count < count)
        {
            builder.Clear();
            var syllables = 1 + random.Next(4);
            for (var s = 0; s < syllables; s++)
            {
                builder.Append(Syllables[random.Next(Syllables.Length)]);
            }

            if (seen.Add(builder.ToString()))
            {
                words.Add(builder.ToString());
            }
        }

        return words.ToArray();
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

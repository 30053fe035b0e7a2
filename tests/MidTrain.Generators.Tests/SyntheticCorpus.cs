using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using MidTrain.Core.Records;

namespace MidTrain.Generators.Tests;

/// <summary>
/// Seeded synthetic documents for assembly and long-context tests: each document is about one of a few topics (its own
/// vocabulary plus shared function words), written as sentences in paragraphs, with metadata <c>topic</c> and
/// <c>language</c>. Also a deterministic word-and-punctuation token counter.
/// </summary>
internal static partial class SyntheticCorpus
{
    private static readonly string[] Shared = ["the", "of", "and", "in", "was", "with", "near", "after", "before", "for"];

    public static IReadOnlyList<string> Topics { get; } = ["lighthouse", "glacier", "orchard", "railway", "library"];

    public static List<Document> Documents(int count, int seed, int minWords = 80, int maxWords = 600)
    {
        var random = new Random(seed);
        var documents = new List<Document>(count);
        for (var i = 0; i < count; i++)
        {
            var topic = Topics[random.Next(Topics.Count)];
            var words = random.Next(minWords, maxWords + 1);
            var text = Text(random, topic, words);
            var metadata = new Dictionary<string, JsonElement>
            {
                ["topic"] = JsonSerializer.SerializeToElement(topic),
                ["language"] = JsonSerializer.SerializeToElement("en"),
            };
            documents.Add(new Document($"d{i:D4}", text, metadata));
        }

        return documents;
    }

    public static string TopicOf(Document document) => document.Metadata!["topic"].GetString()!;

    /// <summary>Words and punctuation marks: additive across whitespace-separated pieces.</summary>
    public static int CountTokens(string text) => TokenPattern().Count(text);

    /// <summary>A tokenizer that charges the whole text more than its parts (one extra token per 1,000 characters).</summary>
    public static int CountTokensWithJoinCost(string text) => CountTokens(text) + (text.Length / 1000);

    private static string Text(Random random, string topic, int words)
    {
        var vocabulary = Enumerable.Range(0, 40).Select(k => $"{topic}{(char)('a' + (k % 26))}{k / 26}").ToArray();
        var builder = new StringBuilder();
        var written = 0;
        var sentencesInParagraph = 0;
        while (written < words)
        {
            var length = random.Next(6, 18);
            var sentence = new List<string>(length);
            for (var k = 0; k < length; k++)
            {
                sentence.Add(random.Next(3) == 0 ? Shared[random.Next(Shared.Length)] : vocabulary[random.Next(vocabulary.Length)]);
            }

            sentence.Insert(random.Next(sentence.Count), (1000 + random.Next(9000)).ToString(CultureInfo.InvariantCulture));
            sentence[0] = char.ToUpperInvariant(sentence[0][0]) + sentence[0][1..];
            builder.Append(string.Join(' ', sentence)).Append('.');
            written += sentence.Count;
            if (++sentencesInParagraph >= 5 && written < words)
            {
                builder.Append("\n\n");
                sentencesInParagraph = 0;
            }
            else if (written < words)
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\w+|[^\w\s]")]
    private static partial Regex TokenPattern();
}

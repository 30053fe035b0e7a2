using MidTrain.Core.Records;

namespace MidTrain.Testing;

/// <summary>Builds samples for tests. Stateless.</summary>
public static class TestSamples
{
    /// <summary>The default passage (the source text of <see cref="Qa"/> samples).</summary>
    public const string Passage = "The Eiffel Tower was completed in 1889 for the World's Fair in Paris.";

    /// <summary>Four short documents on different subjects (the default documents of <see cref="Context"/>).</summary>
    public static IReadOnlyList<(string Id, string Text)> ContextDocuments { get; } =
    [
        ("eiffel", "The Eiffel Tower was completed in 1889 for the World's Fair in Paris. It is 330 metres tall. Gustave Eiffel's company designed and built it."),
        ("aletsch", "The Aletsch Glacier is the largest glacier in the Alps. It is about 20 kilometres long. It has retreated by more than three kilometres since 1870."),
        ("bell-rock", "The Bell Rock Lighthouse stands on a reef off the coast of Angus. It was built between 1807 and 1810. Its light was automated in 1988."),
        ("velmora", "Velmora is a fishing town founded in 1387 by families from the island of Tarrin. Its harbour wall is 640 metres long. The town holds a net-mending fair every May."),
    ];

    /// <summary>
    /// A long context made of <paramref name="documents"/> (default <see cref="ContextDocuments"/>), delimited and numbered
    /// as the assemble stage does (<c>&lt;document number="N"&gt;\n…\n&lt;/document&gt;</c>, blank line between), with exact spans.
    /// </summary>
    public static LongContext Context(string id = "ctx-test", IReadOnlyList<(string Id, string Text)>? documents = null)
    {
        documents ??= ContextDocuments;
        var text = new System.Text.StringBuilder();
        var spans = new List<ContextDocument>();
        for (var i = 0; i < documents.Count; i++)
        {
            if (i > 0)
            {
                text.Append("\n\n");
            }

            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"<document number=\"{i + 1}\">\n");
            var start = text.Length;
            text.Append(documents[i].Text);
            spans.Add(new ContextDocument { Number = i + 1, Id = documents[i].Id, Start = start, End = text.Length, SourceStart = 0, SourceEnd = documents[i].Text.Length, Language = "en" });
            text.Append("\n</document>");
        }

        return new LongContext(id, text.ToString(), spans);
    }

    /// <summary>A question-answer sample over <paramref name="passage"/>.</summary>
    public static Sample Qa(
        string id = "s1",
        string question = "When was the Eiffel Tower completed?",
        string? answer = "It was completed in 1889.",
        string? passage = Passage,
        string? language = "en")
    {
        var messages = new List<Message> { new(Message.User, question) };
        if (answer is not null)
        {
            messages.Add(new Message(Message.Assistant, answer));
        }

        var attributes = new Dictionary<string, string>();
        if (language is not null)
        {
            attributes["language"] = language;
        }

        return new Sample
        {
            Id = id,
            Source = new SourceSpan("doc-1", 0, 0, passage?.Length ?? 0) { Text = passage },
            Messages = messages,
            Attributes = attributes,
        };
    }
}

using MidTrain.Core.Records;

namespace MidTrain.Testing;

/// <summary>Builds samples for tests. Stateless.</summary>
public static class TestSamples
{
    /// <summary>The default passage (the source text of <see cref="Qa"/> samples).</summary>
    public const string Passage = "The Eiffel Tower was completed in 1889 for the World's Fair in Paris.";

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

using Microsoft.Extensions.AI;

namespace MidTrain.Judges.Tests.Conformance;

/// <summary>A scripted judge model whose score depends on the question number, so results are checkable per sample.</summary>
internal static class ScoreByQuestion
{
    public static ScriptedChatClient Client() => new(call =>
    {
        var text = string.Join("\n", call.Messages.Select(m => m.Text));
        var marker = text.IndexOf("Question number ", StringComparison.Ordinal);
        var number = marker < 0 ? 0 : int.Parse(text[(marker + 16)..].TakeWhile(char.IsAsciiDigit).ToArray());
        return number % 7 == 6
            ? ScriptedChatClient.Text("unparseable")
            : ScriptedChatClient.Text($$"""{"rationale": "n{{number}}", "score": {{1 + (number % 5)}}}""");
    });
}

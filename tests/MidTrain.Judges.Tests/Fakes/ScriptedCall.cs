using Microsoft.Extensions.AI;

namespace MidTrain.Judges.Tests.Fakes;

/// <summary>One recorded call of a <see cref="ScriptedChatClient"/>.</summary>
internal sealed record ScriptedCall(IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
{
    /// <summary>The text of the last user message of the call.</summary>
    public string LastUserText => Messages.Last(m => m.Role == ChatRole.User).Text;
}

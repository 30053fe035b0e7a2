using Microsoft.Extensions.AI;

namespace MidTrain.Testing.Fakes;

/// <summary>One recorded call of a <see cref="ScriptedChatClient"/>. Immutable.</summary>
/// <param name="Number">The 1-based number of the call.</param>
/// <param name="Messages">A copy of the conversation sent.</param>
/// <param name="Options">The options sent.</param>
public sealed record ScriptedCall(int Number, IReadOnlyList<ChatMessage> Messages, ChatOptions? Options)
{
    /// <summary>The text of the last user message of the call.</summary>
    public string LastUserText => Messages.Last(m => m.Role == ChatRole.User).Text;
}

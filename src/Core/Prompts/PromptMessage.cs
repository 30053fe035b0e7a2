namespace MidTrain.Core.Prompts;

/// <summary>One message of a chat prompt template: a role and its template text (with <c>{{$variables}}</c>).</summary>
/// <param name="Role"><c>system</c>, <c>user</c> or <c>assistant</c>.</param>
/// <param name="Template">The message template.</param>
public sealed record PromptMessage(string Role, string Template);

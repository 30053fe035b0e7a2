namespace MidTrain.Core.Prompts;

/// <summary>One declared input variable of a prompt (SK's <c>input_variables</c> entry).</summary>
/// <param name="Name">The variable name, used as <c>{{$name}}</c>.</param>
/// <param name="Description">What the variable holds.</param>
/// <param name="IsRequired">Whether rendering fails without it (default true).</param>
/// <param name="Default">The value used when the caller gives none.</param>
public sealed record PromptVariable(string Name, string? Description, bool IsRequired, string? Default);

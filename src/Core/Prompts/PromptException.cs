namespace MidTrain.Core.Prompts;

/// <summary>A prompt file problem (unparseable file, missing variable); the message names the file and the variable.</summary>
public sealed class PromptException(string message) : Exception(message);

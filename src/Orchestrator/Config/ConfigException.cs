namespace MidTrain.Orchestrator.Config;

/// <summary>A pipeline configuration error; the message names the file, line and key. Exit code 2.</summary>
public sealed class ConfigException(string message) : Exception(message);

namespace MidTrain.Orchestrator.Cli;

/// <summary>A usage or configuration error: reported on one line of stderr with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);

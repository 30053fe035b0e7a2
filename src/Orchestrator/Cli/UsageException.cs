using System.Diagnostics.CodeAnalysis;

namespace MidTrain.Orchestrator.Cli;

/// <summary>A usage or configuration error: reported on one line of stderr with exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    /// <summary>The value of a required <paramref name="flag"/>; a usage error when it was not given.</summary>
    public static string Require([NotNull] string? value, string flag) =>
        string.IsNullOrEmpty(value) ? throw new UsageException($"{flag} is required") : value;

    /// <summary>The path of a required input file; a usage error when the flag is missing or the file does not exist.</summary>
    public static string RequireFile([NotNull] string? path, string flag) =>
        File.Exists(Require(path, flag)) ? path! : throw new UsageException($"{flag}: file not found: {path}");
}

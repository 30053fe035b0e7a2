namespace MidTrain.Orchestrator.Cli;

/// <summary>Flags the server commands (<c>serve</c>, <c>serve rewards</c>) share. Stateless.</summary>
internal static class ServerFlags
{
    /// <summary>The API key from <c>--api-key-env VAR</c> or <c>--api-key-file FILE</c> (trimmed), or null when neither is given; a usage error names the flag.</summary>
    public static string? ApiKey(string? variable, string? file)
    {
        if (variable is not null && file is not null)
        {
            throw new UsageException("--api-key-env and --api-key-file: give one of them");
        }

        if (variable is not null)
        {
            var value = Environment.GetEnvironmentVariable(variable);
            return string.IsNullOrWhiteSpace(value) ? throw new UsageException($"--api-key-env: the environment variable {variable} is unset or empty") : value.Trim();
        }

        if (file is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--api-key-file: cannot read {file}: {ex.Message}");
            }

            return string.IsNullOrWhiteSpace(text) ? throw new UsageException($"--api-key-file: {file} is empty") : text.Trim();
        }

        return null;
    }

    /// <summary>A number of seconds from a flag, or a usage error naming it.</summary>
    public static TimeSpan Seconds(double value, string flag) =>
        double.IsFinite(value) && value >= 0 && value <= 7 * 24 * 3600 ? TimeSpan.FromSeconds(value) : throw new UsageException($"{flag} must be a number of seconds between 0 and 604800");
}

using MidTrain.Core.Configuration;
using MidTrain.Models.Serving;

namespace MidTrain.Orchestrator.Cli;

/// <summary>Flags the server commands (<c>serve</c>, <c>serve rewards</c>) share. Stateless.</summary>
internal static class ServerFlags
{
    /// <summary>The API key from <c>--api-key-env VAR</c> or <c>--api-key-file FILE</c> (trimmed), or null when neither is given; a usage error names the flag.</summary>
    public static string? ApiKey(ServerSettings settings)
    {
        var (variable, file) = (settings.ApiKeyEnv, settings.ApiKeyFile);
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

    /// <summary>
    /// Validates the server options built from <paramref name="command"/>'s flags and returns them; an invalid value is
    /// a usage error naming the flag it came from.
    /// </summary>
    public static TOptions Validated<TOptions>(TOptions options, string command, ServerSettings settings)
        where TOptions : ServiceHostOptions
    {
        try
        {
            options.Validate();
        }
        catch (OptionsValidationException ex)
        {
            var flag = ex.Key switch
            {
                "api_key" when options.ApiKey is null => "--host",
                "api_key" => settings.ApiKeyEnv is not null ? "--api-key-env" : "--api-key-file",
                "max_request_body_bytes" => "--max-request-mb",
                "request_timeout_s" => "--request-timeout",
                "shutdown_timeout_s" => "--shutdown-timeout",
                null => command,
                var key => "--" + key.Replace('_', '-'),
            };
            var hint = ex.Key == "api_key" && options.ApiKey is null ? " (pass --api-key-env VAR or --api-key-file FILE, or --insecure-no-auth to accept that)" : string.Empty;
            throw new UsageException($"{flag}: {ex.Detail}{hint}");
        }

        return options;
    }

    /// <summary>The start-up line's word on authentication: none, or where the required key was read from.</summary>
    public static string KeyNote(string? apiKey, ServerSettings settings) =>
        apiKey is null ? "no API key" : $"API key required (from {(settings.ApiKeyEnv is { } env ? "$" + env : settings.ApiKeyFile)})";

    /// <summary>A body limit in bytes from <c>--max-request-mb</c>, or null when the flag is not given.</summary>
    public static long? Mebibytes(int? value) => value is { } mb ? (long)mb * 1024 * 1024 : null;

    /// <summary>A number of seconds from a flag, or a usage error naming it.</summary>
    public static TimeSpan Seconds(double value, string flag) =>
        double.IsFinite(value) && value >= 0 && value <= 7 * 24 * 3600 ? TimeSpan.FromSeconds(value) : throw new UsageException($"{flag} must be a number of seconds between 0 and 604800");
}

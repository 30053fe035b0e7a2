using Microsoft.Extensions.Logging;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Plugins;

/// <summary>Turns <see cref="VerifierPluginOptions"/> into a verifier. Relative paths resolve against the pipeline file's folder. Thread-safe.</summary>
public static class VerifierPluginFactory
{
    /// <summary>
    /// Creates the plug-in verifier. A <see cref="ProcessPluginVerifier"/> is returned for <c>process</c> (dispose it
    /// to stop its processes); the loaded type for <c>dotnet</c>. Throws <see cref="PluginException"/> on bad settings.
    /// </summary>
    public static IVerifier Create(VerifierPluginOptions options, string? baseDirectory = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = baseDirectory ?? Directory.GetCurrentDirectory();
        if (options.Plugin == "dotnet")
        {
            return AssemblyVerifierLoader.Load(Path.GetFullPath(options.Path!, root), options.Type, options.Settings);
        }

        var command = options.Command.ToArray();

        // Script arguments given relative to the pipeline file resolve there, so a pipeline can be run from anywhere.
        for (var i = 1; i < command.Length; i++)
        {
            var candidate = Path.GetFullPath(command[i], root);
            if (!Path.IsPathRooted(command[i]) && File.Exists(candidate))
            {
                command[i] = candidate;
            }
        }

        try
        {
            return new ProcessPluginVerifier(
                new ProcessPluginOptions
                {
                    Command = command,
                    Instances = options.Instances,
                    Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
                    Name = options.Name,
                    Version = options.Version ?? "1",
                    Environment = options.Settings,
                    WorkingDirectory = root,
                },
                logger);
        }
        catch (ArgumentException ex)
        {
            throw new PluginException("plugin: " + ex.Message, ex);
        }
    }
}

using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// A plug-in verifier as written in the pipeline YAML:
/// <c>verify: {plugin: process, command: [python3, v.py], instances: 2, timeout_s: 30, name: x}</c> or
/// <c>verify: {plugin: dotnet, path: plugins/X.dll, type: Full.TypeName, settings: {k: v}}</c>. Turned into a
/// verifier by the <c>plugin</c> verifier factory.
/// </summary>
public sealed class VerifierPluginOptions : IValidatableOptions
{
    /// <summary><c>process</c> or <c>dotnet</c>.</summary>
    [Required]
    public PluginKind? Plugin { get; set; }

    /// <summary>For <c>process</c>: the command and arguments (a list; a single string is split on spaces).</summary>
    public IReadOnlyList<string> Command { get; set; } = [];

    /// <summary>For <c>process</c>: instances (default 1).</summary>
    [Range(1, 1024)]
    public int Instances { get; set; } = 1;

    /// <summary>For <c>process</c>: the longest wait for one reply (<c>timeout_s</c>, default 30 s).</summary>
    [ConfigKey("timeout_s")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>For <c>dotnet</c>: the assembly path (relative to the pipeline file's folder).</summary>
    public string? Path { get; set; }

    /// <summary>For <c>dotnet</c>: the full type name (optional when the assembly has exactly one verifier).</summary>
    public string? Type { get; set; }

    /// <summary>Verdict name override (process plug-ins; also the stage's display name).</summary>
    public string? Name { get; set; }

    /// <summary>Verdict version (process plug-ins, default <c>1</c>).</summary>
    public string? Version { get; set; }

    /// <summary>Settings (alias <c>env</c>): environment variables for process plug-ins, constructor settings for dotnet plug-ins.</summary>
    [ConfigKey("settings", Aliases = ["env"])]
    public IReadOnlyDictionary<string, string> Settings { get; set; } = new Dictionary<string, string>();

    /// <summary>The command, a single string split on spaces.</summary>
    public IReadOnlyList<string> EffectiveCommand =>
        Command.Count == 1 && Command[0].Contains(' ', StringComparison.Ordinal) ? Command[0].Split(' ', StringSplitOptions.RemoveEmptyEntries) : Command;

    /// <inheritdoc />
    public void Validate()
    {
        if (Plugin == PluginKind.Process && EffectiveCommand.Count == 0)
        {
            throw new OptionsValidationException("command", "is required for plugin: process (e.g. [python3, my_verifier.py])");
        }

        if (Plugin == PluginKind.Dotnet && string.IsNullOrWhiteSpace(Path))
        {
            throw new OptionsValidationException("path", "is required for plugin: dotnet (the assembly)");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new OptionsValidationException("timeout_s", "must be positive");
        }
    }
}

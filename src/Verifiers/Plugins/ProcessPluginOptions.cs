namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// Settings of a <see cref="ProcessPluginVerifier"/>: the command to start, how many instances, the per-request
/// timeout. Validated once when the verifier is created; the verifier keeps its own copy.
/// </summary>
public sealed class ProcessPluginOptions
{
    /// <summary>The executable and its arguments, e.g. <c>["python3", "verifiers/keyword.py"]</c>. Required.</summary>
    public IReadOnlyList<string> Command { get; set; } = [];

    /// <summary>The verifier name written into verdicts (default: the script or executable file name without extension).</summary>
    public string? Name { get; set; }

    /// <summary>The version written into verdicts (default <c>1</c>).</summary>
    public string Version { get; set; } = "1";

    /// <summary>How many plug-in processes serve requests at once (default 1).</summary>
    public int Instances { get; set; } = 1;

    /// <summary>Longest wait for one reply, start-up included; a plug-in that does not answer in time is killed and restarted (default 30 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Working directory of the plug-in processes (default: the current directory).</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>Extra environment variables for the plug-in processes (they inherit the host environment otherwise).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>Longest accepted reply line in bytes (default 4 MiB); longer replies are malformed.</summary>
    public int MaxReplyBytes { get; set; } = 4 << 20;

    /// <summary>The effective name: <see cref="Name"/> or derived from the command.</summary>
    public string EffectiveName =>
        !string.IsNullOrWhiteSpace(Name) ? Name :
        Command.Count == 0 ? "plugin" :
        System.IO.Path.GetFileNameWithoutExtension(Command.Count > 1 && !Command[^1].StartsWith('-') ? Command[^1] : Command[0]);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Command.Count == 0 || string.IsNullOrWhiteSpace(Command[0]))
        {
            throw new ArgumentException("command: an executable is required, e.g. [python3, my_verifier.py].", nameof(Command));
        }

        if (Instances < 1)
        {
            throw new ArgumentException($"instances must be at least 1 (was {Instances}).", nameof(Instances));
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("timeout_s must be positive.", nameof(Timeout));
        }

        if (MaxReplyBytes < 64)
        {
            throw new ArgumentException("MaxReplyBytes must be at least 64.", nameof(MaxReplyBytes));
        }
    }

    /// <summary>A copy, so the verifier is unaffected by later changes.</summary>
    public ProcessPluginOptions Clone() => (ProcessPluginOptions)MemberwiseClone();
}

namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// A plug-in cannot be used at all (command not found, assembly or type missing, bad settings): a run-level
/// configuration error whose message names the plug-in and the problem. Per-sample problems are verdicts instead.
/// </summary>
public sealed class PluginException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public PluginException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

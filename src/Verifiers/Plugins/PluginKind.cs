namespace MidTrain.Verifiers.Plugins;

/// <summary>How a plug-in verifier runs.</summary>
public enum PluginKind
{
    /// <summary>A long-lived executable speaking JSON lines on stdin/stdout (any language).</summary>
    Process,

    /// <summary>A .NET assembly implementing <c>IVerifier</c>, loaded into its own load context.</summary>
    Dotnet,
}

namespace MidTrain.Verifiers.Plugins;

/// <summary>The raw result of one request to a plug-in process: a reply line, or why there is none.</summary>
internal sealed record PluginExchange(byte[]? Line, string? Failure)
{
    public static PluginExchange Reply(byte[] line) => new(line, null);

    public static PluginExchange Failed(string reason) => new(null, reason);
}

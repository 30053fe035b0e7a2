namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// The wire protocol of external verifier plug-ins (<see cref="ProcessPluginVerifier"/>), version 1.
/// <list type="number">
/// <item>MidTrain starts the plug-in once (<c>command</c>) and keeps it running; it may start several instances.</item>
/// <item>For each sample it writes one line to the plug-in's stdin: the sample as compact UTF-8 JSON, exactly as in
/// <c>accepted.jsonl</c> (<c>id</c>, <c>source</c>, <c>messages</c>, <c>attributes</c>, <c>fields</c>, <c>verdicts</c>, …), then <c>\n</c>.</item>
/// <item>The plug-in answers with exactly one line on stdout:
/// <c>{"outcome": "pass" | "fail" | "invalid", "score": number?, "reason": string?, "details": any?}</c>.
/// Use <c>invalid</c> (with a reason) when the sample cannot be checked; never crash on bad input.</item>
/// <item>Anything on stderr is logged. stdout is reserved for replies: print nothing else there, and flush after each line.</item>
/// <item>Requests come one at a time per instance. When stdin closes, exit.</item>
/// </list>
/// A reply not received within the timeout, a crash or a malformed reply gives the sample <c>invalid</c> with the
/// reason, and the instance is restarted.
/// </summary>
public static class PluginProtocol
{
    /// <summary>The protocol version this document describes.</summary>
    public const int Version = 1;
}

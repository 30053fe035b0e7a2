using System.ComponentModel;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli;

/// <summary>
/// The flags of the server commands (<c>serve</c>, <c>serve rewards</c>) whose meaning and defaults they share: the
/// address, the API key's source and the time limits of <see cref="MidTrain.Models.Serving.ServiceHostOptions"/>. The flags
/// whose defaults differ between the servers (port, parallelism, queue, body limit) are each command's own.
/// </summary>
internal abstract class ServerSettings : CommandSettings
{
    [CommandOption("--host <HOST>")]
    [Description("Address to bind (default 127.0.0.1: loopback only). Any other address needs --api-key-env/--api-key-file or --insecure-no-auth.")]
    public string? Host { get; init; }

    [CommandOption("--api-key-env <VAR>")]
    [Description("Require 'Authorization: Bearer KEY' on every route but /health, KEY read from this environment variable.")]
    public string? ApiKeyEnv { get; init; }

    [CommandOption("--api-key-file <FILE>")]
    [Description("As --api-key-env, KEY read from this file (surrounding whitespace ignored).")]
    public string? ApiKeyFile { get; init; }

    [CommandOption("--request-timeout <SECONDS>")]
    [Description("Longest a request may take, queueing included (default 600); then it is cancelled with 504.")]
    public double? RequestTimeout { get; init; }

    [CommandOption("--shutdown-timeout <SECONDS>")]
    [Description("On SIGTERM/SIGINT, how long requests in flight may finish before they are cancelled (default 10).")]
    public double? ShutdownTimeout { get; init; }
}

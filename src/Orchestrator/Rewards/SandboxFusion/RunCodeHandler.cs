using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MidTrain.Core.Jsonl;
using MidTrain.Models.Serving;
using MidTrain.Orchestrator.Rewards.Http;
using MidTrain.Verifiers.Code;

namespace MidTrain.Orchestrator.Rewards.SandboxFusion;

/// <summary>
/// SandboxFusion's <c>POST /run_code</c> over the code sandbox (the pool of warm sandbox servers the code rewards use),
/// so clients written for SandboxFusion — verl's sandbox reward functions — work unchanged for the languages this
/// sandbox runs. Requests are admitted through their own <see cref="AdmissionGate"/> (429 + <c>Retry-After</c> when the
/// queue is full) and run under the request deadline. Thread-safe.
/// </summary>
internal sealed class RunCodeHandler(ServiceHost host, CodeSandbox sandbox, AdmissionGate gate, RewardServerOptions options)
{
    public const string Route = "/run_code";

    public Task HandleAsync(HttpContext context) => host.GuardAsync(context, "run_code failed", async () =>
    {
        RunCodeRequest request;
        using (var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes).ConfigureAwait(false))
        {
            request = RunCodeRequest.Read(body.RootElement, sandbox);
        }

        await host.RunAdmittedAsync(context, gate, async token =>
        {
            var result = await sandbox.ExecuteAsync(request.Execution, token).ConfigureAwait(false);
            context.Response.ContentType = "application/json";
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.WriterOptions);
            RunCodeResponse.Write(json, result, request.Compiled);
            await json.FlushAsync(token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    });
}

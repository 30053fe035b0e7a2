using System.Text.Json;
using MidTrain.Verifiers.Code;

namespace MidTrain.Orchestrator.Rewards.SandboxFusion;

/// <summary>
/// Writes an <see cref="ExecutionResult"/> as SandboxFusion's <c>RunCodeResponse</c>:
/// <c>{status, message, compile_result, run_result, executor_pod_name, files}</c>, each result a
/// <c>CommandRunResult</c> <c>{status, execution_time, return_code, stdout, stderr}</c>. Mapping (SandboxFusion's
/// <c>parse_run_status</c>): the sandbox failing is <c>SandboxError</c> (run status <c>Error</c>, the reason in
/// <c>message</c> and <c>stderr</c>); a timeout is run (or compile) status <c>TimeLimitExceeded</c> with no return code
/// and top status <c>Failed</c>; otherwise <c>Finished</c> with the exit code (−N for death by signal N, as Python's
/// subprocess reports it: memory exhaustion, output over the cap) and top status <c>Success</c> when it is 0, else
/// <c>Failed</c>. A compiled language has a <c>compile_result</c>; when compiling fails, <c>run_result</c> is null. Times
/// are seconds; the compile step's own duration is not measured separately (null when it succeeded). Stateless.
/// </summary>
internal static class RunCodeResponse
{
    public static void Write(Utf8JsonWriter json, ExecutionResult result, bool compiled)
    {
        json.WriteStartObject();
        if (result.SandboxFailure)
        {
            json.WriteString("status", "SandboxError");
            json.WriteString("message", result.Message ?? "the sandbox failed");
            json.WriteNull("compile_result");
            json.WritePropertyName("run_result");
            Command(json, "Error", null, null, result.Stdout, result.Message ?? result.Stderr);
        }
        else
        {
            var timedOut = result.Status == ExecutionStatus.Timeout;
            var returnCode = timedOut ? null : result.ExitCode ?? (result.SignalNumber is { } signal ? -signal : result.CompileFailed ? 1 : null);
            var success = !timedOut && returnCode == 0 && !result.CompileFailed;
            json.WriteString("status", success ? "Success" : "Failed");
            json.WriteString("message", success ? string.Empty : result.Message ?? string.Empty);
            json.WritePropertyName("compile_result");
            if (!compiled)
            {
                json.WriteNullValue();
            }
            else if (result.CompileFailed)
            {
                Command(json, timedOut ? "TimeLimitExceeded" : "Finished", Seconds(result), returnCode, result.Stdout, result.Stderr);
            }
            else
            {
                Command(json, "Finished", null, 0, string.Empty, string.Empty);
            }

            json.WritePropertyName("run_result");
            if (result.CompileFailed)
            {
                json.WriteNullValue();
            }
            else
            {
                Command(json, timedOut ? "TimeLimitExceeded" : "Finished", Seconds(result), returnCode, result.Stdout, result.Stderr);
            }
        }

        json.WriteNull("executor_pod_name");
        json.WriteStartObject("files");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static double Seconds(ExecutionResult result) => Math.Round(result.DurationMs / 1000, 4);

    private static void Command(Utf8JsonWriter json, string status, double? seconds, int? returnCode, string stdout, string stderr)
    {
        json.WriteStartObject();
        json.WriteString("status", status);
        if (seconds is { } s)
        {
            json.WriteNumber("execution_time", s);
        }
        else
        {
            json.WriteNull("execution_time");
        }

        if (returnCode is { } code)
        {
            json.WriteNumber("return_code", code);
        }
        else
        {
            json.WriteNull("return_code");
        }

        json.WriteString("stdout", stdout);
        json.WriteString("stderr", stderr);
        json.WriteEndObject();
    }
}

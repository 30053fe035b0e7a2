using System.Text.Json;
using MidTrain.Models.Serving;
using MidTrain.Verifiers.Code;

namespace MidTrain.Orchestrator.Rewards.SandboxFusion;

/// <summary>
/// SandboxFusion's <c>RunCodeRequest</c> (<c>sandbox/server/sandbox_api.py</c>): <c>code</c> and <c>language</c>
/// (required), <c>run_timeout</c> and <c>compile_timeout</c> (seconds, default 10), <c>memory_limit_MB</c> (−1, the
/// default, means the sandbox's default limit), <c>stdin</c>, <c>files</c> and <c>fetch_files</c>. Extra files are not
/// placed in the sandbox: <c>files</c> must be empty (or hold only nulls, which SandboxFusion skips too) and
/// <c>fetch_files</c> empty, else 400. Unknown fields are ignored, as SandboxFusion's pydantic model does. Immutable.
/// </summary>
internal sealed record RunCodeRequest(ExecutionRequest Execution, bool Compiled)
{
    /// <summary>SandboxFusion's default for both timeouts, in seconds.</summary>
    public const double DefaultTimeoutSeconds = 10;

    /// <summary>Reads a request body; a problem is a 400 naming the field.</summary>
    public static RunCodeRequest Read(JsonElement root, CodeSandbox sandbox)
    {
        var code = root.TryGetProperty("code", out var c) ? c : throw RequestParameters.Fail(OpenAiError.Missing("code"));
        if (code.ValueKind != JsonValueKind.String)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidType("code", "a string", code));
        }

        var languageValue = root.TryGetProperty("language", out var l) ? l : throw RequestParameters.Fail(OpenAiError.Missing("language"));
        if (languageValue.ValueKind != JsonValueKind.String)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidType("language", "a string", languageValue));
        }

        var name = languageValue.GetString()!;
        var language = SandboxFusionLanguages.Find(sandbox, name, out var sandboxFusionHasIt);
        if (language is null)
        {
            throw RequestParameters.Fail(sandboxFusionHasIt
                ? OpenAiError.UnsupportedValue("language", $"'{name}' is a SandboxFusion language this server does not run; supported: {string.Join(", ", SandboxFusionLanguages.Names(sandbox))}.")
                : OpenAiError.InvalidValue("language", name, SandboxFusionLanguages.Names(sandbox)));
        }

        var runTimeout = Seconds(root, "run_timeout");
        var compileTimeout = Seconds(root, "compile_timeout");
        int? memory = null;
        if (root.TryGetProperty("memory_limit_MB", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind != JsonValueKind.Number || !m.TryGetInt32(out var mb))
            {
                throw RequestParameters.Fail(OpenAiError.InvalidType("memory_limit_MB", "an integer", m));
            }

            memory = mb > 0 ? mb : null;
        }

        string? stdin = null;
        if (root.TryGetProperty("stdin", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            stdin = s.ValueKind == JsonValueKind.String ? s.GetString() : throw RequestParameters.Fail(OpenAiError.InvalidType("stdin", "a string or null", s));
        }

        if (root.TryGetProperty("files", out var files) && files.ValueKind != JsonValueKind.Null)
        {
            if (files.ValueKind != JsonValueKind.Object)
            {
                throw RequestParameters.Fail(OpenAiError.InvalidType("files", "an object of path → base64 content", files));
            }

            foreach (var file in files.EnumerateObject())
            {
                if (file.Value.ValueKind != JsonValueKind.Null)
                {
                    throw RequestParameters.Fail(OpenAiError.UnsupportedParameter("files", $"this server does not place extra files in the sandbox (got '{file.Name}'); put what the program needs in its code or stdin."));
                }
            }
        }

        if (root.TryGetProperty("fetch_files", out var fetch) && fetch.ValueKind != JsonValueKind.Null)
        {
            if (fetch.ValueKind != JsonValueKind.Array)
            {
                throw RequestParameters.Fail(OpenAiError.InvalidType("fetch_files", "an array of paths", fetch));
            }

            if (fetch.GetArrayLength() > 0)
            {
                throw RequestParameters.Fail(OpenAiError.UnsupportedParameter("fetch_files", "this server does not return files the program wrote; print what you need."));
            }
        }

        var execution = new ExecutionRequest(language, code.GetString()!)
        {
            Stdin = stdin,
            Timeout = TimeSpan.FromSeconds(runTimeout),
            CompileTimeout = TimeSpan.FromSeconds(compileTimeout),
            MemoryMb = memory,
        };
        return new RunCodeRequest(execution, language.CompileArguments is not null);
    }

    private static double Seconds(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return DefaultTimeoutSeconds;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidType(name, "a number of seconds", value));
        }

        var seconds = value.GetDouble();
        return seconds > 0 && double.IsFinite(seconds)
            ? seconds
            : throw RequestParameters.Fail(OpenAiError.BelowMinimum(name, "0 (exclusive)", value.GetRawText(), integer: false));
    }
}

using MidTrain.Verifiers.Code;

namespace MidTrain.Orchestrator.Rewards.SandboxFusion;

/// <summary>
/// SandboxFusion's <c>language</c> values (its <c>Language</c> literal in <c>sandbox/runners/types.py</c>) and the
/// sandbox languages they map to: <c>python</c>, <c>cpp</c>, <c>nodejs</c>, <c>go</c>, <c>java</c>, <c>rust</c> and
/// <c>bash</c>. MidTrain's own language names and aliases (e.g. <c>c</c>, <c>javascript</c>) are accepted too; the rest
/// of SandboxFusion's languages are refused with the supported list. Stateless.
/// </summary>
internal static class SandboxFusionLanguages
{
    /// <summary>SandboxFusion's language names that this server runs, to the sandbox's names.</summary>
    private static readonly Dictionary<string, string> Supported = new(StringComparer.Ordinal)
    {
        ["python"] = "python",
        ["cpp"] = "cpp",
        ["nodejs"] = "javascript",
        ["go"] = "go",
        ["java"] = "java",
        ["rust"] = "rust",
        ["bash"] = "bash",
    };

    /// <summary>SandboxFusion's language names this server does not run.</summary>
    private static readonly HashSet<string> Unsupported = new(StringComparer.Ordinal)
    {
        "go_test", "php", "csharp", "typescript", "sql", "cuda", "lua", "R", "perl", "D_ut", "ruby", "scala", "julia",
        "pytest", "junit", "kotlin_script", "jest", "verilog", "python_gpu", "lean", "swift", "racket",
    };

    /// <summary>The names a client may send.</summary>
    public static IEnumerable<string> Names(CodeSandbox sandbox) =>
        Supported.Keys.Concat(sandbox.Languages.Select(l => l.Name)).Distinct(StringComparer.Ordinal);

    /// <summary>The sandbox language for <paramref name="name"/>; null with <paramref name="known"/> telling whether SandboxFusion has it.</summary>
    public static CodeLanguage? Find(CodeSandbox sandbox, string name, out bool known)
    {
        known = Unsupported.Contains(name);
        return Supported.TryGetValue(name, out var ours) ? sandbox.FindLanguage(ours) : sandbox.FindLanguage(name);
    }
}

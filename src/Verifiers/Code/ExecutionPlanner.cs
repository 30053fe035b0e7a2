using System.Globalization;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Turns a request into its steps (optional compile step, then the run step) with their command lines, limits and
/// environments; shared by the warm servers and the one-shot sandboxes so that both run the same commands. Stateless.
/// </summary>
internal static class ExecutionPlanner
{
    /// <summary>Builds the plan.</summary>
    /// <param name="request">The program.</param>
    /// <param name="toolchain">Its language's tools.</param>
    /// <param name="options">Limits and defaults.</param>
    /// <param name="sourceDir">Where the program file is, as the program sees it.</param>
    /// <param name="workDir">The writable work directory, as the program sees it.</param>
    /// <param name="ownProcesses">Processes of the sandbox user that are not the program's (added to RLIMIT_NPROC).</param>
    /// <param name="serverInterpreter">The warm server's Python, or null: a run step may run in the server only with that same interpreter.</param>
    public static ExecutionPlan Plan(
        ExecutionRequest request, ResolvedToolchain toolchain, SandboxOptions options, string sourceDir, string workDir, int ownProcesses, string? serverInterpreter)
    {
        var language = request.Language;
        var timeout = request.Timeout is { } t && t > TimeSpan.Zero ? (t > options.MaxTimeout ? options.MaxTimeout : t) : options.DefaultTimeout;
        var memoryMb = System.Math.Clamp(request.MemoryMb is > 0 ? request.MemoryMb.Value : options.DefaultMemoryMb, 1, options.MaxMemoryMb);
        var compileTimeout = request.CompileTimeout is { } c && c > TimeSpan.Zero ? (c > options.MaxTimeout ? options.MaxTimeout : c) : options.CompileTimeout;
        var file = sourceDir.TrimEnd('/') + "/" + language.FileName;
        var steps = new List<SandboxStep>(2);
        if (language.CompileArguments is { } compileArguments)
        {
            var compiler = toolchain.Compiler ?? toolchain.Interpreter
                ?? throw new InvalidOperationException($"language '{language.Name}' has a compile step but neither a compiler nor an interpreter");
            steps.Add(new SandboxStep(
                [compiler, .. Expand(compileArguments, file, workDir, options.CompileMemoryMb)],
                compileTimeout,
                Limits(options, compileTimeout, options.CompileMemoryMb + language.AddressSpaceOverheadMb, ownProcesses),
                Environment(language, workDir, options.CompileMemoryMb),
                IsCompile: true,
                RunsInServer: false));
        }

        var executable = language.RunExecutable is { } run
            ? Expand([run], file, workDir, memoryMb).Single()
            : toolchain.Interpreter ?? throw new InvalidOperationException($"language '{language.Name}' has neither an interpreter nor a run executable");
        steps.Add(new SandboxStep(
            [executable, .. Expand(language.MemoryArguments.Concat(language.RunArguments), file, workDir, memoryMb)],
            timeout,
            Limits(options, timeout, memoryMb + language.AddressSpaceOverheadMb, ownProcesses),
            Environment(language, workDir, memoryMb),
            IsCompile: false,
            RunsInServer: language.RunsInServer && language.RunExecutable is null && serverInterpreter is not null && toolchain.Interpreter == serverInterpreter));
        return new ExecutionPlan(language.FileName, request.Source, request.Stdin, steps);
    }

    /// <summary>The environment of a step: a minimal allow-list plus the language's variables (nothing of the host's).</summary>
    public static IReadOnlyDictionary<string, string> Environment(CodeLanguage language, string workDir, int memoryMb)
    {
        // The allow-list: nothing of the parent's environment (API keys, tokens) is passed on.
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = workDir,
            ["TMPDIR"] = "/tmp",
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
        };
        foreach (var (key, value) in language.Environment)
        {
            env[key] = Expand([value], "", workDir, memoryMb).Single();
        }

        return env;
    }

    private static ProcessLimits Limits(SandboxOptions options, TimeSpan timeout, int addressSpaceMb, int ownProcesses) => new(
        CpuSeconds: (long)System.Math.Ceiling(timeout.TotalSeconds) + 1,
        AddressSpaceBytes: (long)addressSpaceMb << 20,
        Processes: options.MaxProcesses + ownProcesses,
        FileSizeBytes: options.MaxFileSizeBytes,
        OpenFiles: options.MaxOpenFiles);

    private static IEnumerable<string> Expand(IEnumerable<string> arguments, string file, string workDir, int memoryMb) =>
        arguments.Select(a => a
            .Replace("{file}", file, StringComparison.Ordinal)
            .Replace("{workdir}", workDir, StringComparison.Ordinal)
            .Replace("{memory_mb}", memoryMb.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
}

namespace MidTrain.Verifiers.Code;

/// <summary>The built-in language table (Python, JavaScript). Thread-safe (immutable).</summary>
public static class CodeLanguages
{
    /// <summary>
    /// Python 3. Prefers Debian's <c>/usr/bin/python3</c> over whatever <c>python3</c> is on PATH (often a pyenv
    /// shim in a home directory, which a sandbox that hides the home cannot run).
    /// </summary>
    public static CodeLanguage Python { get; } = new()
    {
        Name = "python",
        Aliases = ["python3", "py"],
        Interpreters = ["/usr/bin/python3", "python3"],
        FileName = "main.py",
        RunArguments = ["-u", "{file}"],
        Environment = new Dictionary<string, string>
        {
            ["PYTHONDONTWRITEBYTECODE"] = "1",
            ["PYTHONIOENCODING"] = "utf-8",
            ["PYTHONHASHSEED"] = "0",
        },
        ProbeArguments = ["-c", "import sys; print(sys.executable); print(sys.base_prefix); print(sys.prefix)"],
        HumanEvalCheck = "check({entry_point})",
    };

    /// <summary>JavaScript on Node.js; the heap is capped with <c>--max-old-space-size</c> as well as by the address-space limit.</summary>
    public static CodeLanguage JavaScript { get; } = new()
    {
        Name = "javascript",
        Aliases = ["js", "node", "nodejs"],
        Interpreters = ["/usr/bin/node", "node"],
        FileName = "main.js",
        RunArguments = ["{file}"],
        MemoryArguments = ["--max-old-space-size={memory_mb}"],
        AddressSpaceOverheadMb = 2048,
        ProbeArguments = ["-e", "console.log(process.execPath)"],
        HumanEvalCheck = null,
    };

    /// <summary>All built-in languages.</summary>
    public static IReadOnlyList<CodeLanguage> All { get; } = [Python, JavaScript];

    /// <summary>Finds a language by name or alias in <paramref name="languages"/>; null when unknown.</summary>
    public static CodeLanguage? Find(IEnumerable<CodeLanguage> languages, string name) =>
        languages.FirstOrDefault(l => l.Matches(name.Trim()));
}

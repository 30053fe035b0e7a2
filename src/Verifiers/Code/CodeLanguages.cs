namespace MidTrain.Verifiers.Code;

/// <summary>
/// The built-in language table: Python, JavaScript, C, C++, Java, Go, Rust and Bash. A language whose toolchain is
/// not installed stays in the table and is reported unavailable (<see cref="CodeSandbox.GetAvailabilityAsync(CodeLanguage, CancellationToken)"/>);
/// its programs get an <c>invalid</c> verdict saying what to install. System toolchains (under <c>/usr</c>) are
/// preferred over ones in a home directory, which the sandbox user cannot reach. Thread-safe (immutable).
/// </summary>
public static class CodeLanguages
{
    /// <summary>
    /// Python 3. Prefers Debian's <c>/usr/bin/python3</c> over whatever <c>python3</c> is on PATH (often a pyenv
    /// shim in a home directory, which a sandbox that hides the home cannot run). Runs inside the warm sandbox
    /// server's interpreter (<see cref="CodeLanguage.RunsInServer"/>).
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
        InstallHint = "apt-get install -y python3",
        RunsInServer = true,
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
        InstallHint = "apt-get install -y nodejs",
        HumanEvalCheck = null,
    };

    /// <summary>C (GNU C17) with gcc <c>-O2</c>, linked with libm; the run step is the binary.</summary>
    public static CodeLanguage C { get; } = new()
    {
        Name = "c",
        Compilers = ["/usr/bin/gcc", "gcc", "cc"],
        FileName = "main.c",
        CompileArguments = ["-O2", "-std=gnu17", "-pipe", "-o", "{workdir}/main", "{file}", "-lm"],
        RunExecutable = "{workdir}/main",
        RunArguments = [],
        InstallHint = "apt-get install -y gcc",
    };

    /// <summary>C++ (GNU C++17) with g++ <c>-O2</c>; the run step is the binary.</summary>
    public static CodeLanguage Cpp { get; } = new()
    {
        Name = "cpp",
        Aliases = ["c++", "cxx"],
        Compilers = ["/usr/bin/g++", "g++", "c++"],
        FileName = "main.cpp",
        CompileArguments = ["-O2", "-std=gnu++17", "-pipe", "-o", "{workdir}/main", "{file}"],
        RunExecutable = "{workdir}/main",
        RunArguments = [],
        InstallHint = "apt-get install -y g++",
    };

    /// <summary>
    /// Java: <c>javac</c>, then <c>java -cp {workdir} Main</c> (the public class must be <c>Main</c>). Both JVMs get
    /// <c>-Xmx</c> from their memory limit, the serial collector, the C1 compiler only and capped class/code
    /// reservations, and 1 GiB of address space on top of the limit for what the JVM reserves but does not use.
    /// </summary>
    public static CodeLanguage Java { get; } = new()
    {
        Name = "java",
        Compilers = ["javac"],
        Interpreters = ["java"],
        FileName = "Main.java",
        CompileArguments =
        [
            "-J-Xmx{memory_mb}m", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-XX:CompressedClassSpaceSize=64m",
            "-J-XX:ReservedCodeCacheSize=64m", "-J-XX:-UsePerfData", "-encoding", "UTF-8", "-d", "{workdir}", "{file}",
        ],
        MemoryArguments =
        [
            "-Xmx{memory_mb}m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CompressedClassSpaceSize=64m",
            "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=128m", "-XX:-UsePerfData",
        ],
        RunArguments = ["-cp", "{workdir}", "Main"],
        AddressSpaceOverheadMb = 1024,
        ProbeArguments = ["-version"],
        ReadOnlyPaths = ["/etc/java-*", "/etc/ssl/certs/java"],
        InstallHint = "apt-get install -y default-jdk-headless",
    };

    /// <summary>
    /// Go: <c>go build</c> (no cgo, no network, the build cache in the private work directory), then the binary.
    /// <c>GOMEMLIMIT</c> follows the memory limit; the Go runtime's up-front address-space reservations get 1 GiB on top.
    /// </summary>
    public static CodeLanguage Go { get; } = new()
    {
        Name = "go",
        Aliases = ["golang"],
        Compilers = ["/usr/bin/go", "/usr/local/go/bin/go", "go"],
        FileName = "main.go",
        CompileArguments = ["build", "-o", "{workdir}/main", "{file}"],
        RunExecutable = "{workdir}/main",
        RunArguments = [],
        AddressSpaceOverheadMb = 1024,
        Environment = new Dictionary<string, string>
        {
            ["GOCACHE"] = "{workdir}/.go/cache",
            ["GOPATH"] = "{workdir}/.go/path",
            ["GOMEMLIMIT"] = "{memory_mb}MiB",
            ["GOTOOLCHAIN"] = "local",
            ["GOPROXY"] = "off",
            ["GOTELEMETRY"] = "off",
            ["GOFLAGS"] = "-buildvcs=false",
            ["CGO_ENABLED"] = "0",
        },
        ProbeArguments = ["version"],
        InstallHint = "apt-get install -y golang-go",
    };

    /// <summary>Rust: <c>rustc</c> directly (edition 2021, <c>opt-level=1</c>; no cargo, no crates), then the binary.</summary>
    public static CodeLanguage Rust { get; } = new()
    {
        Name = "rust",
        Aliases = ["rs"],
        Compilers = ["/usr/bin/rustc", "rustc"],
        FileName = "main.rs",
        CompileArguments = ["--edition=2021", "-C", "opt-level=1", "-C", "debuginfo=0", "-o", "{workdir}/main", "{file}"],
        RunExecutable = "{workdir}/main",
        RunArguments = [],
        InstallHint = "apt-get install -y rustc",
    };

    /// <summary>Bash scripts.</summary>
    public static CodeLanguage Bash { get; } = new()
    {
        Name = "bash",
        Aliases = ["sh", "shell"],
        Interpreters = ["/bin/bash", "/usr/bin/bash", "bash"],
        FileName = "main.sh",
        RunArguments = ["{file}"],
        InstallHint = "apt-get install -y bash",
    };

    /// <summary>All built-in languages.</summary>
    public static IReadOnlyList<CodeLanguage> All { get; } = [Python, JavaScript, C, Cpp, Java, Go, Rust, Bash];

    /// <summary>Finds a language by name or alias in <paramref name="languages"/>; null when unknown.</summary>
    public static CodeLanguage? Find(IEnumerable<CodeLanguage> languages, string name) =>
        languages.FirstOrDefault(l => l.Matches(name.Trim()));
}

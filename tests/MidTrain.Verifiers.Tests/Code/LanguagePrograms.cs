using MidTrain.Verifiers.Code;

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>
/// The same small programs written in each compiled or scripting language of the table: one that passes (doubles
/// the number on stdin), one that fails (exit 1), one that does not compile (null when the language has no compile
/// step), and the hostile ones: connect to the host's loopback (the port on stdin), write every path on stdin, and a
/// fork (process) bomb.
/// </summary>
internal sealed record LanguagePrograms(
    CodeLanguage Language, string Pass, string Fail, string? CompileError, string CompilerSays, string Connect, string WriteFiles, string ForkBomb)
{
    private const string CConnect = """
        #include <stdio.h>
        #include <string.h>
        #include <unistd.h>
        #include <arpa/inet.h>
        #include <netinet/in.h>
        #include <sys/socket.h>
        int main(void) {
            int port = 0;
            if (scanf("%d", &port) != 1) return 2;
            int s = socket(AF_INET, SOCK_STREAM, 0);
            struct sockaddr_in a;
            memset(&a, 0, sizeof a);
            a.sin_family = AF_INET;
            a.sin_port = htons((unsigned short)port);
            inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
            puts(s >= 0 && connect(s, (struct sockaddr *)&a, sizeof a) == 0 ? "CONNECTED" : "BLOCKED");
            return 0;
        }
        """;

    private const string CWriteFiles = """
        #include <stdio.h>
        int main(void) {
            char p[4096];
            while (scanf("%4095s", p) == 1) {
                FILE *f = fopen(p, "w");
                int ok = f != NULL && fputs("pwned", f) >= 0;
                if (f != NULL && fclose(f) != 0) ok = 0;
                printf("%s %s\n", ok ? "WROTE" : "DENIED", p);
            }
            FILE *w = fopen("/work/ok", "w");
            if (w != NULL) { fputs("fine", w); fclose(w); puts("WORK fine"); }
            return 0;
        }
        """;

    private const string CForkBomb = "#include <unistd.h>\nint main(void) { for (;;) fork(); }\n";

    public static LanguagePrograms C { get; } = new(
        CodeLanguages.C,
        Pass: "#include <stdio.h>\nint main(void) { long n; if (scanf(\"%ld\", &n) != 1) return 2; printf(\"%ld\\n\", n * 2); return 0; }\n",
        Fail: "#include <stdio.h>\nint main(void) { fprintf(stderr, \"wrong answer\\n\"); return 1; }\n",
        CompileError: "int main(void) { return undefined_variable; }\n",
        CompilerSays: "undefined_variable",
        Connect: CConnect,
        WriteFiles: CWriteFiles,
        ForkBomb: CForkBomb);

    public static LanguagePrograms Cpp { get; } = new(
        CodeLanguages.Cpp,
        Pass: "#include <iostream>\nint main() { long long n; std::cin >> n; std::cout << n * 2 << std::endl; }\n",
        Fail: "#include <stdexcept>\nint main() { throw std::runtime_error(\"wrong answer\"); }\n",
        CompileError: "#include <string>\nint main() { std::string s = 42 + ; }\n",
        CompilerSays: "error",
        Connect: CConnect,
        WriteFiles: CWriteFiles,
        ForkBomb: CForkBomb);

    public static LanguagePrograms Java { get; } = new(
        CodeLanguages.Java,
        Pass: "import java.util.*;\npublic class Main { public static void main(String[] a) { long n = new Scanner(System.in).nextLong(); System.out.println(n * 2); } }\n",
        Fail: "public class Main { public static void main(String[] a) { System.err.println(\"wrong answer\"); System.exit(1); } }\n",
        CompileError: "public class Main { public static void main(String[] a) { int x = \"text\"; } }\n",
        CompilerSays: "incompatible types",
        Connect: """
            import java.net.*;
            import java.util.*;
            public class Main {
                public static void main(String[] a) {
                    int port = new Scanner(System.in).nextInt();
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                        System.out.println("CONNECTED");
                    } catch (Exception e) {
                        System.out.println("BLOCKED " + e.getClass().getSimpleName());
                    }
                }
            }
            """,
        WriteFiles: """
            import java.nio.file.*;
            import java.util.*;
            public class Main {
                public static void main(String[] a) throws Exception {
                    Scanner s = new Scanner(System.in);
                    while (s.hasNext()) {
                        String p = s.next();
                        try { Files.writeString(Path.of(p), "pwned"); System.out.println("WROTE " + p); }
                        catch (Exception e) { System.out.println("DENIED " + p); }
                    }
                    Files.writeString(Path.of("/work/ok"), "fine");
                    System.out.println("WORK " + Files.readString(Path.of("/work/ok")));
                }
            }
            """,
        ForkBomb: """
            import java.util.*;
            public class Main {
                public static void main(String[] a) {
                    List<Process> keep = new ArrayList<>();
                    while (true) {
                        try { keep.add(new ProcessBuilder("/bin/sleep", "1000").start()); } catch (Exception e) { }
                    }
                }
            }
            """);

    public static LanguagePrograms Go { get; } = new(
        CodeLanguages.Go,
        Pass: "package main\nimport \"fmt\"\nfunc main() { var n int64; fmt.Scan(&n); fmt.Println(n * 2) }\n",
        Fail: "package main\nimport (\"fmt\"; \"os\")\nfunc main() { fmt.Fprintln(os.Stderr, \"wrong answer\"); os.Exit(1) }\n",
        CompileError: "package main\nfunc main() { var x int = \"text\"; _ = x }\n",
        CompilerSays: "cannot use",
        Connect: """
            package main
            import ("fmt"; "net"; "time")
            func main() {
                var port int
                fmt.Scan(&port)
                c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 2*time.Second)
                if err != nil { fmt.Println("BLOCKED", err); return }
                c.Close()
                fmt.Println("CONNECTED")
            }
            """,
        WriteFiles: """
            package main
            import ("fmt"; "os")
            func main() {
                for {
                    var p string
                    if _, err := fmt.Scan(&p); err != nil { break }
                    if err := os.WriteFile(p, []byte("pwned"), 0644); err != nil { fmt.Println("DENIED", p) } else { fmt.Println("WROTE", p) }
                }
                os.WriteFile("/work/ok", []byte("fine"), 0644)
                b, _ := os.ReadFile("/work/ok")
                fmt.Println("WORK", string(b))
            }
            """,
        ForkBomb: "package main\nimport \"os/exec\"\nfunc main() { for { exec.Command(\"/bin/sleep\", \"1000\").Start() } }\n");

    public static LanguagePrograms Rust { get; } = new(
        CodeLanguages.Rust,
        Pass: "use std::io::Read;\nfn main() { let mut s = String::new(); std::io::stdin().read_to_string(&mut s).unwrap(); let n: i64 = s.trim().parse().unwrap(); println!(\"{}\", n * 2); }\n",
        Fail: "fn main() { eprintln!(\"wrong answer\"); std::process::exit(1); }\n",
        CompileError: "fn main() { let x: i32 = \"text\"; }\n",
        CompilerSays: "mismatched types",
        Connect: """
            use std::io::Read;
            use std::net::TcpStream;
            use std::time::Duration;
            fn main() {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s).unwrap();
                let addr = format!("127.0.0.1:{}", s.trim()).parse().unwrap();
                match TcpStream::connect_timeout(&addr, Duration::from_secs(2)) {
                    Ok(_) => println!("CONNECTED"),
                    Err(e) => println!("BLOCKED {}", e),
                }
            }
            """,
        WriteFiles: """
            use std::io::Read;
            fn main() {
                let mut s = String::new();
                std::io::stdin().read_to_string(&mut s).unwrap();
                for p in s.split_whitespace() {
                    match std::fs::write(p, "pwned") { Ok(_) => println!("WROTE {}", p), Err(_) => println!("DENIED {}", p) }
                }
                std::fs::write("/work/ok", "fine").unwrap();
                println!("WORK {}", std::fs::read_to_string("/work/ok").unwrap());
            }
            """,
        ForkBomb: "fn main() { let mut keep = Vec::new(); loop { if let Ok(c) = std::process::Command::new(\"/bin/sleep\").arg(\"1000\").spawn() { keep.push(c); } } }\n");

    public static LanguagePrograms Bash { get; } = new(
        CodeLanguages.Bash,
        Pass: "read -r n\necho $((n * 2))\n",
        Fail: "echo 'wrong answer' >&2\nexit 1\n",
        CompileError: null,
        CompilerSays: "",
        Connect: "read -r port\nif exec 3<>/dev/tcp/127.0.0.1/\"$port\"; then echo CONNECTED; else echo BLOCKED; fi\n",
        WriteFiles: "while read -r p; do if echo pwned > \"$p\"; then echo \"WROTE $p\"; else echo \"DENIED $p\"; fi; done 2>/dev/null\necho fine > /work/ok\necho \"WORK $(cat /work/ok)\"\n",
        ForkBomb: "bomb() { bomb | bomb & }\nbomb\nwait\n");

    public static IReadOnlyDictionary<string, LanguagePrograms> ByName { get; } =
        new[] { C, Cpp, Java, Go, Rust, Bash }.ToDictionary(p => p.Language.Name, StringComparer.Ordinal);
}

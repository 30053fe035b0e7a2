using System.Text.Json;
using System.Text.Json.Nodes;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// Reads a <see cref="CodeTestSpec"/> from the fields of an input line or a sample:
/// <list type="bullet">
/// <item><c>cases: [{stdin, expected_stdout}]</c> + <c>code</c>, optional <c>compare</c> (<c>exact|whitespace|numeric</c>) and <c>tolerance</c> → stdin/stdout;</item>
/// <item><c>tests: [..]</c> + <c>code</c>, optional <c>setup</c> → assert list (MBPP);</item>
/// <item><c>test</c> + <c>entry_point</c>, optional <c>prompt</c> and <c>completion</c> → HumanEval;</item>
/// </list>
/// plus optional <c>language</c> (default <c>python</c>), <c>timeout_s</c>, <c>memory_mb</c>. Where <c>code</c> (or
/// <c>completion</c>) is absent, the fallback code (a sample's last assistant message) is used; fenced blocks are
/// unwrapped. Problems are returned as a reason, never thrown. Stateless and thread-safe.
/// </summary>
public static class CodeTestSpecParser
{
    /// <summary>Parses <paramref name="fields"/>; on failure returns false with a reason naming the bad field.</summary>
    public static bool TryParse(
        JsonObject fields, string? fallbackCode, IReadOnlyList<CodeLanguage> languages, out CodeTestSpec? spec, out string? error)
    {
        spec = null;
        error = null;
        try
        {
            spec = Parse(fields, fallbackCode, languages);
            return true;
        }
        catch (FormatException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    private static CodeTestSpec Parse(JsonObject fields, string? fallbackCode, IReadOnlyList<CodeLanguage> languages)
    {
        var languageName = OptionalString(fields, "language") ?? "python";
        var language = CodeLanguages.Find(languages, languageName)
            ?? throw new FormatException($"unsupported language '{languageName}' (supported: {string.Join(", ", languages.Select(l => l.Name))})");
        TimeSpan? timeout = null;
        if (fields["timeout_s"] is { } t)
        {
            var seconds = Number(t, "timeout_s");
            if (!(seconds > 0) || double.IsInfinity(seconds))
            {
                throw new FormatException("'timeout_s' must be a positive number of seconds");
            }

            timeout = TimeSpan.FromSeconds(seconds);
        }

        int? memory = null;
        if (fields["memory_mb"] is { } m)
        {
            var mb = Number(m, "memory_mb");
            if (!(mb >= 1) || mb > int.MaxValue)
            {
                throw new FormatException("'memory_mb' must be a positive number of MiB");
            }

            memory = (int)mb;
        }

        string Code(string field = "code")
        {
            var code = OptionalString(fields, field) ?? fallbackCode;
            if (string.IsNullOrWhiteSpace(code))
            {
                throw new FormatException($"no code: '{field}' is missing and there is no assistant message");
            }

            return CodeExtractor.Extract(code, language);
        }

        if (fields.ContainsKey("cases"))
        {
            if (fields["cases"] is not JsonArray array || array.Count == 0)
            {
                throw new FormatException("'cases' must be a non-empty array of {stdin, expected_stdout}");
            }

            var cases = new List<StdioCase>(array.Count);
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is not JsonObject c)
                {
                    throw new FormatException($"cases[{i}] is not an object");
                }

                var expected = OptionalString(c, "expected_stdout") ?? throw new FormatException($"cases[{i}].expected_stdout is missing");
                cases.Add(new StdioCase(OptionalString(c, "stdin") ?? "", expected));
            }

            var comparison = (OptionalString(fields, "compare") ?? "whitespace").ToLowerInvariant() switch
            {
                "exact" => OutputComparison.Exact,
                "whitespace" => OutputComparison.Whitespace,
                "numeric" => OutputComparison.Numeric,
                var other => throw new FormatException($"'compare' must be exact, whitespace or numeric (was '{other}')"),
            };
            var tolerance = fields["tolerance"] is { } tol ? Number(tol, "tolerance") : 1e-6;
            if (!(tolerance >= 0))
            {
                throw new FormatException("'tolerance' must be a non-negative number");
            }

            return new CodeTestSpec
            {
                Format = CodeTestFormat.StdioCases, Language = language, Program = Code(), Cases = cases,
                Comparison = comparison, Tolerance = tolerance, Timeout = timeout, MemoryMb = memory,
            };
        }

        if (fields.ContainsKey("tests"))
        {
            if (fields["tests"] is not JsonArray tests || tests.Count == 0)
            {
                throw new FormatException("'tests' must be a non-empty array of assert statements");
            }

            var lines = new List<string>(tests.Count);
            for (var i = 0; i < tests.Count; i++)
            {
                lines.Add(tests[i] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new FormatException($"tests[{i}] is not a string"));
            }

            var setup = OptionalString(fields, "setup") ?? OptionalString(fields, "test_setup_code") ?? "";
            var program = Code() + "\n\n" + setup + "\n\n" + string.Join("\n", lines) + "\n";
            return new CodeTestSpec { Format = CodeTestFormat.AssertList, Language = language, Program = program, Timeout = timeout, MemoryMb = memory };
        }

        if (fields.ContainsKey("test"))
        {
            var test = OptionalString(fields, "test") ?? throw new FormatException("'test' must be a string");
            var prompt = OptionalString(fields, "prompt") ?? "";
            var completion = fields.ContainsKey("completion") ? Code("completion") : Code();
            var program = prompt + completion + "\n\n" + test + "\n";
            if (language.HumanEvalCheck is { } check)
            {
                var entryPoint = OptionalString(fields, "entry_point");
                if (string.IsNullOrWhiteSpace(entryPoint))
                {
                    throw new FormatException("'entry_point' is missing (HumanEval format: prompt, completion, test, entry_point)");
                }

                program += "\n" + check.Replace("{entry_point}", entryPoint.Trim(), StringComparison.Ordinal) + "\n";
            }

            return new CodeTestSpec { Format = CodeTestFormat.HumanEval, Language = language, Program = program, Timeout = timeout, MemoryMb = memory };
        }

        throw new FormatException("no tests: expected 'cases' (stdin/stdout), 'tests' (assert list) or 'test' + 'entry_point' (HumanEval)");
    }

    private static string? OptionalString(JsonObject obj, string name)
    {
        var node = obj[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new FormatException($"'{name}' must be a string");
    }

    private static double Number(JsonNode node, string name) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : throw new FormatException($"'{name}' must be a number");
}

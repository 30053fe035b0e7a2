using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MidTrain.Models.Grammar;

/// <summary>
/// Converts a JSON Schema into a GBNF grammar (root rule <c>root</c>) that llama.cpp uses to constrain sampling, so a
/// local model can only emit JSON that matches the schema. Every grammar this class returns is well-formed: rule names
/// use <c>[a-z0-9-]</c> only (llama.cpp rejects <c>_</c>), literals are escaped, every referenced rule is defined. An
/// invalid grammar crashes llama.cpp, so schemas it cannot express exactly throw <see cref="NotSupportedException"/>
/// instead of producing one. Thread-safe (stateless).
/// </summary>
/// <remarks>
/// Supported: <c>type</c> (single or list) object/array/string/integer/number/boolean/null; <c>properties</c> with
/// <c>required</c> (properties appear in declaration order, optional ones may be omitted; no extra properties),
/// <c>items</c>, <c>minItems</c>/<c>maxItems</c>, <c>minLength</c>/<c>maxLength</c>, integer <c>minimum</c>/<c>maximum</c>
/// (exact when the range holds at most 1,000 values), <c>enum</c>, <c>const</c>, <c>anyOf</c>/<c>oneOf</c>, local
/// <c>$ref</c> (<c>#/$defs/…</c>, <c>#/definitions/…</c>, recursion allowed), and empty schemas (any JSON value).
/// Annotations (<c>title</c>, <c>description</c>, <c>format</c>, <c>default</c>, <c>examples</c>) are ignored.
/// Unbounded numbers are limited to 16 digits and whitespace between tokens to two characters so that generation always
/// terminates. <c>pattern</c>, <c>allOf</c>, <c>not</c>, <c>if</c>, <c>patternProperties</c> are not supported.
/// </remarks>
public static class JsonSchemaGbnfConverter
{
    private const int MaxEnumeratedRange = 1000;

    private static readonly JsonSerializerOptions LiteralJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Unsupported = ["pattern", "allOf", "not", "if", "then", "else", "patternProperties", "dependentSchemas", "prefixItems", "contains"];

    /// <summary>Converts <paramref name="schema"/> to GBNF text whose start rule is <c>root</c>.</summary>
    /// <exception cref="NotSupportedException">The schema uses a keyword this converter cannot enforce.</exception>
    public static string Convert(JsonElement schema)
    {
        var context = new Context(schema);
        context.DefineWhitespace();
        var body = context.Visit(schema, "root");
        context.Define("root", body);
        return context.Render();
    }

    /// <summary>Converts schema text (JSON) to GBNF.</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="NotSupportedException">The schema uses a keyword this converter cannot enforce.</exception>
    public static string Convert(string schemaJson)
    {
        using var document = JsonDocument.Parse(schemaJson);
        return Convert(document.RootElement);
    }

    /// <summary>
    /// Escapes <paramref name="text"/> as a GBNF string literal (with the surrounding quotes). Non-ASCII characters are
    /// kept as UTF-8; control characters, quotes and backslashes are escaped.
    /// </summary>
    public static string Literal(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < 0x20 or 0x7F: sb.Append("\\x").Append(rune.Value.ToString("X2", CultureInfo.InvariantCulture)); break;
                default: sb.Append(rune.ToString()); break;
            }
        }

        return sb.Append('"').ToString();
    }

    private sealed class Context(JsonElement root)
    {
        private readonly List<KeyValuePair<string, string>> _rules = [];
        private readonly HashSet<string> _names = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _refRules = new(StringComparer.Ordinal);
        private readonly HashSet<string> _primitives = new(StringComparer.Ordinal);

        public void DefineWhitespace() => Primitive("ws");

        public void Define(string name, string body)
        {
            _names.Add(name);
            _rules.Add(new(name, body));
        }

        public string Render()
        {
            var sb = new StringBuilder();
            foreach (var (name, body) in _rules.OrderBy(r => r.Key == "root" ? 0 : 1))
            {
                sb.Append(name).Append(" ::= ").Append(body).Append('\n');
            }

            return sb.ToString();
        }

        public string Visit(JsonElement schema, string hint)
        {
            if (schema.ValueKind == JsonValueKind.True)
            {
                return Primitive("value");
            }

            if (schema.ValueKind != JsonValueKind.Object)
            {
                throw new NotSupportedException($"schema at '{hint}' must be an object or true");
            }

            foreach (var keyword in Unsupported)
            {
                if (schema.TryGetProperty(keyword, out _))
                {
                    throw new NotSupportedException($"JSON Schema keyword '{keyword}' (at '{hint}') cannot be enforced by a grammar");
                }
            }

            if (schema.TryGetProperty("$ref", out var reference))
            {
                return Ref(reference.GetString() ?? string.Empty);
            }

            if (schema.TryGetProperty("const", out var constant))
            {
                return JsonLiteral(constant);
            }

            if (schema.TryGetProperty("enum", out var values))
            {
                if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() == 0)
                {
                    throw new NotSupportedException($"'enum' at '{hint}' must be a non-empty array");
                }

                return "(" + string.Join(" | ", values.EnumerateArray().Select(JsonLiteral)) + ")";
            }

            foreach (var combinator in (string[])["anyOf", "oneOf"])
            {
                if (schema.TryGetProperty(combinator, out var options))
                {
                    var alternatives = options.EnumerateArray().Select((s, i) => Named(Visit(s, $"{hint}-{i}"), $"{hint}-{i}")).ToList();
                    if (alternatives.Count == 0)
                    {
                        throw new NotSupportedException($"'{combinator}' at '{hint}' is empty");
                    }

                    return "(" + string.Join(" | ", alternatives) + ")";
                }
            }

            if (schema.TryGetProperty("type", out var type))
            {
                if (type.ValueKind == JsonValueKind.Array)
                {
                    var alternatives = type.EnumerateArray().Select(t => ForType(t.GetString() ?? string.Empty, schema, hint)).ToList();
                    return "(" + string.Join(" | ", alternatives) + ")";
                }

                return ForType(type.GetString() ?? string.Empty, schema, hint);
            }

            if (schema.TryGetProperty("properties", out _))
            {
                return ForType("object", schema, hint);
            }

            if (schema.TryGetProperty("items", out _))
            {
                return ForType("array", schema, hint);
            }

            return Primitive("value");
        }

        private string ForType(string type, JsonElement schema, string hint) => type switch
        {
            "object" => ObjectRule(schema, hint),
            "array" => ArrayRule(schema, hint),
            "string" => StringRule(schema),
            "integer" => IntegerRule(schema),
            "number" => Primitive("number"),
            "boolean" => Primitive("boolean"),
            "null" => Primitive("null"),
            _ => throw new NotSupportedException($"unknown JSON Schema type '{type}' at '{hint}'"),
        };

        private string ObjectRule(JsonElement schema, string hint)
        {
            if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            {
                return Primitive("object");
            }

            var required = new HashSet<string>(StringComparer.Ordinal);
            if (schema.TryGetProperty("required", out var req) && req.ValueKind == JsonValueKind.Array)
            {
                foreach (var r in req.EnumerateArray())
                {
                    required.Add(r.GetString() ?? string.Empty);
                }
            }

            var requiredPairs = new List<string>();
            var optionalPairs = new List<string>();
            foreach (var property in properties.EnumerateObject())
            {
                var valueRule = Named(Visit(property.Value, $"{hint}-{property.Name}"), $"{hint}-{property.Name}");
                var pair = $"{Literal(JsonSerializer.Serialize(property.Name, LiteralJson))} ws \":\" ws {valueRule}";
                var name = Named(pair, $"{hint}-{property.Name}-kv");
                (required.Contains(property.Name) ? requiredPairs : optionalPairs).Add(name);
            }

            // Optional tails: tail(j) = ("," ws kv_j)? tail(j+1), so optional properties keep their order and may be omitted.
            var tails = new string[optionalPairs.Count + 1];
            tails[optionalPairs.Count] = string.Empty;
            for (var j = optionalPairs.Count - 1; j >= 0; j--)
            {
                var body = $"(\",\" ws {optionalPairs[j]})?" + (tails[j + 1].Length > 0 ? " " + tails[j + 1] : string.Empty);
                tails[j] = Named(body, $"{hint}-tail-{j}");
            }

            string inner;
            if (requiredPairs.Count > 0)
            {
                inner = string.Join(" \",\" ws ", requiredPairs) + (tails[0].Length > 0 ? " " + tails[0] : string.Empty);
            }
            else if (optionalPairs.Count > 0)
            {
                var firsts = optionalPairs.Select((kv, j) => kv + (tails[j + 1].Length > 0 ? " " + tails[j + 1] : string.Empty));
                inner = "(" + string.Join(" | ", firsts) + ")?";
            }
            else
            {
                inner = string.Empty;
            }

            return inner.Length == 0 ? "\"{\" ws \"}\"" : $"\"{{\" ws {inner} ws \"}}\"";
        }

        private string ArrayRule(JsonElement schema, string hint)
        {
            var item = schema.TryGetProperty("items", out var items)
                ? Named(Visit(items, $"{hint}-item"), $"{hint}-item")
                : Primitive("value");
            var min = GetInt(schema, "minItems") ?? 0;
            var max = GetInt(schema, "maxItems");
            if (max is { } m && m < min)
            {
                throw new NotSupportedException($"maxItems < minItems at '{hint}'");
            }

            if (max == 0)
            {
                return "\"[\" ws \"]\"";
            }

            // First item, then (max-1) or unbounded further items.
            var more = $"(\",\" ws {item})";
            var restMin = Math.Max(0, min - 1);
            var rest = max is { } mx
                ? $"{more}{{{restMin},{mx - 1}}}"
                : restMin == 0 ? $"{more}*" : $"{more}{{{restMin},}}";
            var list = $"{item} {rest}";
            return min > 0 ? $"\"[\" ws {list} ws \"]\"" : $"\"[\" ws ({list})? ws \"]\"";
        }

        private string StringRule(JsonElement schema)
        {
            var min = GetInt(schema, "minLength");
            var max = GetInt(schema, "maxLength");
            if (min is null && max is null)
            {
                return Primitive("string");
            }

            Primitive("char");
            var lo = min ?? 0;
            if (max is { } hi && hi < lo)
            {
                throw new NotSupportedException("maxLength < minLength");
            }

            var repeat = max is { } h ? $"char{{{lo},{h}}}" : $"char{{{lo},}}";
            return $"\"\\\"\" {repeat} \"\\\"\"";
        }

        private string IntegerRule(JsonElement schema)
        {
            var min = GetLong(schema, "minimum");
            var max = GetLong(schema, "maximum");
            if (schema.TryGetProperty("exclusiveMinimum", out var exMin) && exMin.ValueKind == JsonValueKind.Number)
            {
                min = (long)Math.Floor(exMin.GetDouble()) + 1;
            }

            if (schema.TryGetProperty("exclusiveMaximum", out var exMax) && exMax.ValueKind == JsonValueKind.Number)
            {
                max = (long)Math.Ceiling(exMax.GetDouble()) - 1;
            }

            if (min is { } lo && max is { } hi)
            {
                if (hi < lo)
                {
                    throw new NotSupportedException("maximum < minimum");
                }

                if (hi - lo < MaxEnumeratedRange)
                {
                    var values = new List<string>();
                    for (var v = lo; v <= hi; v++)
                    {
                        values.Add(Literal(v.ToString(CultureInfo.InvariantCulture)));
                    }

                    // Longest first so that e.g. "10" is not cut short by "1".
                    return "(" + string.Join(" | ", values.OrderByDescending(v => v.Length)) + ")";
                }
            }

            if (min is >= 0)
            {
                return "(\"0\" | [1-9] [0-9]{0,15})";
            }

            return Primitive("integer");
        }

        private string Ref(string reference)
        {
            if (_refRules.TryGetValue(reference, out var existing))
            {
                return existing;
            }

            string[] prefixes = ["#/$defs/", "#/definitions/"];
            var prefix = prefixes.FirstOrDefault(p => reference.StartsWith(p, StringComparison.Ordinal))
                ?? throw new NotSupportedException($"only local $ref (#/$defs/…, #/definitions/…) is supported, got '{reference}'");
            var name = reference[prefix.Length..];
            var container = root.GetProperty(prefix[2..^1]);
            if (!container.TryGetProperty(name, out var target))
            {
                throw new NotSupportedException($"$ref '{reference}' does not resolve");
            }

            var ruleName = UniqueName("ref-" + name);
            _refRules[reference] = ruleName;
            _names.Add(ruleName);
            var body = Visit(target, ruleName);
            _rules.Add(new(ruleName, body));
            return ruleName;
        }

        private string JsonLiteral(JsonElement value) => Literal(JsonSerializer.Serialize(value, LiteralJson));

        private string Named(string body, string hint)
        {
            // A plain rule reference needs no new rule.
            if (_names.Contains(body))
            {
                return body;
            }

            var name = UniqueName(hint);
            Define(name, body);
            return name;
        }

        private string UniqueName(string hint)
        {
            var sb = new StringBuilder();
            foreach (var c in hint.ToLowerInvariant())
            {
                sb.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-');
            }

            var baseName = sb.ToString().Trim('-');
            while (baseName.Contains("--", StringComparison.Ordinal))
            {
                baseName = baseName.Replace("--", "-", StringComparison.Ordinal);
            }

            if (baseName.Length == 0)
            {
                baseName = "r";
            }

            if (baseName.Length > 48)
            {
                baseName = baseName[..48].TrimEnd('-');
            }

            var name = baseName;
            for (var i = 2; _names.Contains(name) || IsReserved(name); i++)
            {
                name = baseName + "-" + i.ToString(CultureInfo.InvariantCulture);
            }

            return name;
        }

        private static bool IsReserved(string name) => name is "root" or "ws" or "value" or "object" or "array" or "string" or "char" or "number" or "integer" or "boolean" or "null";

        private string Primitive(string name)
        {
            if (!_primitives.Add(name))
            {
                return name;
            }

            switch (name)
            {
                case "ws":
                    Define("ws", "[ \\t\\n]{0,2}");
                    break;
                case "char":
                    Define("char", "[^\"\\\\\\x7F\\x00-\\x1F] | \"\\\\\" ([\"\\\\/bfnrt] | \"u\" [0-9a-fA-F]{4})");
                    break;
                case "string":
                    Primitive("char");
                    Define("string", "\"\\\"\" char* \"\\\"\"");
                    break;
                case "integer":
                    Define("integer", "\"-\"? (\"0\" | [1-9] [0-9]{0,15})");
                    break;
                case "number":
                    Primitive("integer");
                    Define("number", "integer (\".\" [0-9]{1,16})? ([eE] [-+]? [0-9]{1,3})?");
                    break;
                case "boolean":
                    Define("boolean", "(\"true\" | \"false\")");
                    break;
                case "null":
                    Define("null", "\"null\"");
                    break;
                case "value":
                    Primitive("object");
                    Primitive("array");
                    Primitive("string");
                    Primitive("number");
                    Primitive("boolean");
                    Primitive("null");
                    Define("value", "object | array | string | number | boolean | null");
                    break;
                case "object":
                    Primitive("value");
                    Define("object", "\"{\" ws (string ws \":\" ws value (\",\" ws string ws \":\" ws value)*)? ws \"}\"");
                    break;
                case "array":
                    Primitive("value");
                    Define("array", "\"[\" ws (value (\",\" ws value)*)? ws \"]\"");
                    break;
                default:
                    throw new InvalidOperationException(name);
            }

            // Every structured rule uses ws.
            Primitive("ws");
            return name;
        }

        private static int? GetInt(JsonElement schema, string key) =>
            schema.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

        private static long? GetLong(JsonElement schema, string key) =>
            schema.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? (long)Math.Round(v.GetDouble()) : null;
    }
}

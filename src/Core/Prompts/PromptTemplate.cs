using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using MidTrain.Core.Hashing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MidTrain.Core.Prompts;

/// <summary>
/// A prompt file in Semantic Kernel's YAML prompt format: <c>name</c>, <c>description</c>, <c>template_format:
/// semantic-kernel</c>, a <c>template</c> of <c>&lt;message role="…"&gt;…&lt;/message&gt;</c> blocks using
/// <c>{{$variable}}</c>, <c>input_variables</c> and <c>execution_settings.default</c> (temperature, top_p, max_tokens,
/// seed, response_format). <see cref="Sha256"/> is the hash of the file's bytes and goes into each sample's lineage.
/// Immutable and thread-safe; rendering never evaluates code (only <c>{{$name}}</c> substitution is supported, so
/// untrusted text in variables cannot inject template syntax).
/// </summary>
public sealed partial class PromptTemplate
{
    private PromptTemplate(string id, string source, string sha256, string? description, IReadOnlyList<PromptMessage> messages,
        IReadOnlyList<PromptVariable> variables, PromptExecutionSettings settings)
    {
        Id = id;
        Source = source;
        Sha256 = sha256;
        Description = description;
        Messages = messages;
        InputVariables = variables;
        Settings = settings;
        ReferencedVariables = messages.SelectMany(m => VariablePattern().Matches(m.Template).Select(x => x.Groups[1].Value))
            .ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The prompt's id (its <c>name</c>).</summary>
    public string Id { get; }

    /// <summary>Where the prompt came from (a path, or <c>embedded:prompts/…</c>).</summary>
    public string Source { get; }

    /// <summary>SHA-256 (hex) of the prompt file.</summary>
    public string Sha256 { get; }

    /// <summary>The description.</summary>
    public string? Description { get; }

    /// <summary>The chat messages, in order.</summary>
    public IReadOnlyList<PromptMessage> Messages { get; }

    /// <summary>Declared input variables.</summary>
    public IReadOnlyList<PromptVariable> InputVariables { get; }

    /// <summary>Every <c>{{$name}}</c> used in the template.</summary>
    public IReadOnlySet<string> ReferencedVariables { get; }

    /// <summary>Sampling settings and the output schema.</summary>
    public PromptExecutionSettings Settings { get; }

    [GeneratedRegex(@"\{\{\s*\$([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex VariablePattern();

    [GeneratedRegex(@"<message\s+role\s*=\s*""(system|user|assistant)""\s*>(.*?)</message>", RegexOptions.Singleline)]
    private static partial Regex MessagePattern();

    /// <summary>Parses prompt YAML.</summary>
    /// <exception cref="PromptException">Unparseable YAML or a missing/invalid key; the message names <paramref name="source"/>.</exception>
    public static PromptTemplate Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new PromptException($"{source}:{ex.Start.Line}: invalid prompt YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new PromptException($"{source}: a prompt file must be a YAML mapping with name and template");
        }

        string? Scalar(YamlMappingNode map, string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;

        var name = Scalar(root, "name") ?? Path.GetFileNameWithoutExtension(source);
        var format = Scalar(root, "template_format") ?? "semantic-kernel";
        if (format != "semantic-kernel")
        {
            throw new PromptException($"{source}: template_format '{format}' is not supported (use semantic-kernel)");
        }

        var template = Scalar(root, "template") ?? throw new PromptException($"{source}: key 'template' is required");
        var messages = MessagePattern().Matches(template).Select(m => new PromptMessage(m.Groups[1].Value, Dedent(m.Groups[2].Value))).ToList();
        if (messages.Count == 0)
        {
            // A template without message tags is one user message, as in SK.
            messages.Add(new PromptMessage("user", template.Trim()));
        }

        var variables = new List<PromptVariable>();
        if (root.Children.TryGetValue(new YamlScalarNode("input_variables"), out var varsNode) && varsNode is YamlSequenceNode seq)
        {
            foreach (var item in seq.Children.OfType<YamlMappingNode>())
            {
                var varName = Scalar(item, "name") ?? throw new PromptException($"{source}:{item.Start.Line}: input variable without a name");
                var required = !string.Equals(Scalar(item, "is_required"), "false", StringComparison.OrdinalIgnoreCase);
                variables.Add(new PromptVariable(varName, Scalar(item, "description"), required, Scalar(item, "default")));
            }
        }

        var settings = new PromptExecutionSettings();
        if (root.Children.TryGetValue(new YamlScalarNode("execution_settings"), out var execNode) && execNode is YamlMappingNode exec
            && exec.Children.TryGetValue(new YamlScalarNode("default"), out var defNode) && defNode is YamlMappingNode def)
        {
            settings = ReadSettings(def, source);
        }

        var sha = ContentHash.Sha256Hex(Encoding.UTF8.GetBytes(yaml));
        return new PromptTemplate(name, source, sha, Scalar(root, "description"), messages, variables, settings);
    }

    private static PromptExecutionSettings ReadSettings(YamlMappingNode def, string source)
    {
        double? Number(string key)
        {
            if (!def.Children.TryGetValue(new YamlScalarNode(key), out var node) || node is not YamlScalarNode s || s.Value is null)
            {
                return null;
            }

            return double.TryParse(s.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new PromptException($"{source}:{s.Start.Line}: execution_settings.default.{key}: expected a number, got '{s.Value}'");
        }

        JsonElement? schema = null;
        string? schemaName = null;
        if (def.Children.TryGetValue(new YamlScalarNode("response_format"), out var rf) && rf is YamlMappingNode rfMap)
        {
            var json = YamlToJson(rfMap);
            if (json.TryGetProperty("json_schema", out var js))
            {
                schemaName = js.TryGetProperty("name", out var n) ? n.GetString() : null;
                schema = js.TryGetProperty("schema", out var s) ? s.Clone() : throw new PromptException($"{source}: response_format.json_schema.schema is required");
            }
        }

        return new PromptExecutionSettings
        {
            Temperature = Number("temperature"),
            TopP = Number("top_p"),
            MaxTokens = Number("max_tokens") is { } mt ? (int)mt : null,
            Seed = Number("seed") is { } seed ? (long)seed : null,
            JsonSchema = schema,
            SchemaName = schemaName,
        };
    }

    private static JsonElement YamlToJson(YamlNode node)
    {
        static void Write(Utf8JsonWriter w, YamlNode n)
        {
            switch (n)
            {
                case YamlMappingNode m:
                    w.WriteStartObject();
                    foreach (var (k, v) in m.Children)
                    {
                        w.WritePropertyName(((YamlScalarNode)k).Value ?? string.Empty);
                        Write(w, v);
                    }

                    w.WriteEndObject();
                    break;
                case YamlSequenceNode s:
                    w.WriteStartArray();
                    foreach (var c in s.Children)
                    {
                        Write(w, c);
                    }

                    w.WriteEndArray();
                    break;
                case YamlScalarNode sc when sc.Style == ScalarStyle.Plain && (sc.Value is "true" or "false"):
                    w.WriteBooleanValue(sc.Value == "true");
                    break;
                case YamlScalarNode sc when sc.Style == ScalarStyle.Plain && double.TryParse(sc.Value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d):
                    w.WriteNumberValue(d);
                    break;
                case YamlScalarNode sc when sc.Style == ScalarStyle.Plain && sc.Value is null or "null" or "~":
                    w.WriteNullValue();
                    break;
                case YamlScalarNode sc:
                    w.WriteStringValue(sc.Value);
                    break;
            }
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, node);
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    private static string Dedent(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Select(l => l.Length - l.TrimStart(' ').Length).DefaultIfEmpty(0).Min();
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart(' '))).Trim('\n', ' ');
    }

    /// <summary>
    /// A copy whose output schema bounds every string field to at most <paramref name="maxChars"/> characters
    /// (<c>maxLength</c>, keeping a smaller existing bound), so constrained decoding must close each field in time —
    /// a cost cap for real models and what lets the random-weight test model finish its JSON. The copy's
    /// <see cref="Sha256"/> covers the cap, so lineage tells the two apart.
    /// </summary>
    public PromptTemplate WithMaxFieldChars(int maxChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxChars, 1);
        if (Settings.JsonSchema is not { } schema)
        {
            return this;
        }

        var capped = System.Text.Json.Nodes.JsonNode.Parse(schema.GetRawText())!;
        CapStrings(capped, maxChars);
        using var document = JsonDocument.Parse(capped.ToJsonString());
        var settings = Settings with { JsonSchema = document.RootElement.Clone() };
        return new PromptTemplate(Id, Source, ContentHash.Sha256Hex($"{Sha256}:max_field_chars={maxChars}"), Description, Messages, InputVariables, settings);
    }

    /// <summary>
    /// A copy whose output schema is changed by <paramref name="change"/> (applied to a mutable copy of the schema), e.g. a
    /// generator fixing how many items an array must hold. <paramref name="variant"/> names the change and goes into the
    /// copy's <see cref="Sha256"/>, so lineage tells the copies apart.
    /// </summary>
    /// <exception cref="PromptException">The prompt has no JSON schema.</exception>
    public PromptTemplate WithSchemaChange(string variant, Action<System.Text.Json.Nodes.JsonObject> change)
    {
        ArgumentException.ThrowIfNullOrEmpty(variant);
        ArgumentNullException.ThrowIfNull(change);
        if (Settings.JsonSchema is not { } schema || System.Text.Json.Nodes.JsonNode.Parse(schema.GetRawText()) is not System.Text.Json.Nodes.JsonObject changed)
        {
            throw new PromptException($"{Source}: the prompt has no JSON schema object (execution_settings.default.response_format)");
        }

        change(changed);
        using var document = JsonDocument.Parse(changed.ToJsonString());
        var settings = Settings with { JsonSchema = document.RootElement.Clone() };
        return new PromptTemplate(Id, Source, ContentHash.Sha256Hex($"{Sha256}:{variant}"), Description, Messages, InputVariables, settings);
    }

    private static void CapStrings(System.Text.Json.Nodes.JsonNode? node, int maxChars)
    {
        switch (node)
        {
            case System.Text.Json.Nodes.JsonObject obj:
                if (obj["type"] is System.Text.Json.Nodes.JsonValue type && type.TryGetValue<string>(out var t) && t == "string" && obj["enum"] is null && obj["const"] is null)
                {
                    var existing = obj["maxLength"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<int>(out var m) ? m : int.MaxValue;
                    var min = obj["minLength"] is System.Text.Json.Nodes.JsonValue mv && mv.TryGetValue<int>(out var mn) ? mn : 0;
                    obj["maxLength"] = Math.Max(min, Math.Min(existing, maxChars));
                }

                foreach (var (_, child) in obj.ToArray())
                {
                    CapStrings(child, maxChars);
                }

                break;
            case System.Text.Json.Nodes.JsonArray array:
                foreach (var child in array)
                {
                    CapStrings(child, maxChars);
                }

                break;
        }
    }

    /// <summary>
    /// Checks at configuration time that every variable the template uses will be supplied: by
    /// <paramref name="provided"/> or by a declared default.
    /// </summary>
    /// <exception cref="PromptException">A variable is missing; the message names the file and the variable.</exception>
    public void EnsureVariables(IEnumerable<string> provided)
    {
        var available = provided.ToHashSet(StringComparer.Ordinal);
        foreach (var variable in ReferencedVariables.Order(StringComparer.Ordinal))
        {
            if (!available.Contains(variable) && InputVariables.FirstOrDefault(v => v.Name == variable)?.Default is null)
            {
                throw new PromptException($"{Source}: variable '{{{{${variable}}}}}' is used by the template but not provided (available: {string.Join(", ", available.Order(StringComparer.Ordinal))})");
            }
        }
    }

    /// <summary>Renders the chat messages with <paramref name="variables"/>.</summary>
    /// <exception cref="PromptException">A used variable has no value; the message names the file and the variable.</exception>
    public IReadOnlyList<ChatMessage> Render(IReadOnlyDictionary<string, string> variables)
    {
        var result = new List<ChatMessage>(Messages.Count);
        foreach (var message in Messages)
        {
            var text = VariablePattern().Replace(message.Template, match =>
            {
                var name = match.Groups[1].Value;
                if (variables.TryGetValue(name, out var value))
                {
                    return value;
                }

                return InputVariables.FirstOrDefault(v => v.Name == name)?.Default
                    ?? throw new PromptException($"{Source}: variable '{{{{${name}}}}}' has no value");
            });
            var role = message.Role switch
            {
                "system" => ChatRole.System,
                "assistant" => ChatRole.Assistant,
                _ => ChatRole.User,
            };
            result.Add(new ChatMessage(role, text));
        }

        return result;
    }

    /// <summary>Chat options for this prompt: temperature, top-p, max tokens, the seed (the prompt's own, else <paramref name="seed"/>) and the JSON schema response format.</summary>
    public ChatOptions CreateChatOptions(long seed)
    {
        var options = new ChatOptions
        {
            Temperature = Settings.Temperature is { } t ? (float)t : null,
            TopP = Settings.TopP is { } p ? (float)p : null,
            MaxOutputTokens = Settings.MaxTokens,
            Seed = Settings.Seed ?? seed,
        };
        if (Settings.JsonSchema is { } schema)
        {
            options.ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, Settings.SchemaName ?? Id, Description);
        }

        return options;
    }
}

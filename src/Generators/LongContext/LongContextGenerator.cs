using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;
using MidTrain.Core.Hashing;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Core.Structured;
using MidTrain.Generators.Common;

namespace MidTrain.Generators.LongContext;

/// <summary>
/// Writes long-context questions over an assembled <see cref="Core.Records.LongContext"/>. For each sample it draws a
/// task type (<c>needle</c>, <c>multi_hop</c>, <c>aggregate</c>, <c>compare</c>, by weight, among those the context has
/// enough documents for), picks that many evidence passages in different documents at drawn depths
/// (<see cref="LongContextOptions.Depths"/>), and shows the model only those passages — a short prompt, never the
/// whole context. The model replies <c>{question, answer, evidence}</c> with one verbatim quote per passage.
/// </summary>
/// <remarks>
/// <para>The sample's user turn holds the whole context and the question (<see cref="LongContextOptions.QuestionPosition"/>);
/// the assistant turn holds the answer, then each quote as a block quote followed by the number of the document of
/// its passage (<c>&gt; quote [Document 7]</c>), which the citation verifier aligns to that document only. Fields:
/// <c>context</c> (layout and spans), <c>evidence</c> (document, span, depth and target depth), <c>min_documents</c>,
/// <c>task_type</c>, <c>question</c>, <c>answer</c> (see <see cref="LongContextFields"/>); <c>source.doc_id</c> is the
/// context id. The context text is referenced, not copied, until the user turn is built (one string per sample).</para>
/// <para>Deterministic for a seed (given a deterministic model); thread-safe.</para>
/// </remarks>
public sealed class LongContextGenerator : ILongContextGenerator
{
    private readonly LongContextOptions _options;
    private readonly IChatClient _model;
    private readonly IReadOnlyList<(LongContextTaskType Type, double Weight)> _taskTypes;
    private readonly Dictionary<LongContextTaskType, PromptTemplate> _prompts = [];

    /// <summary>Creates a generator; the options are validated and copied here.</summary>
    /// <param name="options">The options.</param>
    /// <param name="model">The model writing questions.</param>
    /// <param name="prompts">The prompt of each configured task type (variables <c>passages</c>, <c>count</c>,
    /// <c>language</c>; a reply schema with an <c>evidence</c> array, whose length is fixed here to the task's count).</param>
    /// <exception cref="OptionsValidationException">An option is invalid.</exception>
    /// <exception cref="PromptException">A prompt lacks a variable or a reply schema.</exception>
    public LongContextGenerator(LongContextOptions options, IChatClient model, IReadOnlyDictionary<LongContextTaskType, PromptTemplate> prompts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(prompts);
        options.Validate();
        _options = options.Clone();
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _taskTypes = _options.WeightedTaskTypes();
        foreach (var (type, _) in _taskTypes)
        {
            if (_prompts.ContainsKey(type))
            {
                continue;
            }

            var prompt = prompts.TryGetValue(type, out var p) ? p : throw new PromptException($"no prompt for task type '{ConfigNames.SnakeCase(type.ToString())}'");
            prompt.EnsureVariables(["passages", "count", "language"]);
            var count = _options.EvidenceCount(type);
            _prompts[type] = prompt.WithSchemaChange($"evidence={count}", schema =>
            {
                if (schema["properties"]?["evidence"] is not JsonObject evidence || evidence["type"]?.GetValue<string>() != "array")
                {
                    throw new PromptException($"{prompt.Source}: the reply schema needs an 'evidence' array property");
                }

                evidence["minItems"] = count;
                evidence["maxItems"] = count;
            });
        }
    }

    /// <inheritdoc />
    public string Name => "long_context";

    /// <summary>The prompts in use (evidence counts fixed), by task type — for the manifest.</summary>
    public IReadOnlyDictionary<LongContextTaskType, PromptTemplate> Prompts => _prompts;

    /// <inheritdoc />
    public async IAsyncEnumerable<Sample> GenerateAsync(Core.Records.LongContext context, long seed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();
        for (var k = 0; k < _options.PerContext; k++)
        {
            var itemSeed = SeedDerivation.Derive(seed, $"long_context:{k}");
            if (DrawTaskType(context, itemSeed) is not { } type)
            {
                yield break;
            }

            var count = _options.EvidenceCount(type);
            var evidence = EvidencePicker.Pick(context, count, itemSeed, _options.Depths, _options.EvidenceChars)!;
            var documents = evidence.Select(e => context.Documents[e.Document - 1]).ToList();
            var language = documents.Select(d => d.Language).FirstOrDefault(l => l is not null);
            var variables = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["passages"] = PassagesBlock(context, evidence),
                ["count"] = count.ToString(CultureInfo.InvariantCulture),
                ["language"] = language ?? "unknown",
            };
            var prompt = _prompts[type];
            var result = await StructuredChat.CompleteAsync(_model, prompt, variables, itemSeed, _options.MaxParseRetries, validate: reply => Validate(reply, count), cancellationToken: cancellationToken).ConfigureAwait(false);
            yield return Build(context, k, type, evidence, language, result, prompt, itemSeed);
        }
    }

    /// <summary>Draws a task type by weight among those the context has enough documents for (null: none fits).</summary>
    private LongContextTaskType? DrawTaskType(Core.Records.LongContext context, long seed)
    {
        var feasible = _taskTypes.Where(t => _options.EvidenceCount(t.Type) <= context.Documents.Count).ToList();
        if (feasible.Count == 0)
        {
            return null;
        }

        var u = EvidencePicker.Uniform(seed, "task_type") * feasible.Sum(t => t.Weight);
        foreach (var (type, weight) in feasible)
        {
            u -= weight;
            if (u < 0)
            {
                return type;
            }
        }

        return feasible[^1].Type;
    }

    private static string PassagesBlock(Core.Records.LongContext context, IReadOnlyList<ContextEvidence> evidence)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < evidence.Count; i++)
        {
            var e = evidence[i];
            if (i > 0)
            {
                builder.Append("\n\n");
            }

            builder.Append(CultureInfo.InvariantCulture, $"Passage {i + 1} (Document {e.Document}):\n\"\"\"\n")
                .Append(context.Text, e.Start, e.End - e.Start)
                .Append("\n\"\"\"");
        }

        return builder.ToString();
    }

    /// <summary>A schema-valid reply with a blank field or quote is sent back for correction.</summary>
    private static string? Validate(JsonElement reply, int count)
    {
        foreach (var field in new[] { "question", "answer" })
        {
            if (!reply.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
            {
                return $"reply field '{field}' is missing or empty";
            }
        }

        if (!reply.TryGetProperty("evidence", out var evidence) || evidence.ValueKind != JsonValueKind.Array || evidence.GetArrayLength() != count)
        {
            return $"'evidence' must hold exactly {count} quotes, one per passage";
        }

        return evidence.EnumerateArray().Any(q => q.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(q.GetString()))
            ? "every quote in 'evidence' must be non-empty text copied from its passage"
            : null;
    }

    private Sample Build(Core.Records.LongContext context, int k, LongContextTaskType type, IReadOnlyList<ContextEvidence> evidence, string? language,
        StructuredResult result, PromptTemplate prompt, long itemSeed)
    {
        var reply = result.Value;
        var question = reply.GetProperty("question").GetString()!.Trim();
        var answer = reply.GetProperty("answer").GetString()!.Trim();
        var quotes = reply.GetProperty("evidence").EnumerateArray().Select(q => q.GetString()!.Trim()).ToList();

        var assistant = new StringBuilder(answer);
        for (var i = 0; i < quotes.Count; i++)
        {
            // Block quotes, each with its document's number; a blank line keeps consecutive quotes apart.
            assistant.Append("\n\n");
            foreach (var line in quotes[i].Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                assistant.Append("> ").Append(line).Append('\n');
            }

            assistant.Length--;
            assistant.Append(CultureInfo.InvariantCulture, $" [Document {evidence[i].Document}]");
        }

        var (user, offset) = UserTurn(context, question);
        var assistantText = assistant.ToString();
        var typeName = ConfigNames.SnakeCase(type.ToString());
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["task"] = "long_context",
            ["task_type"] = typeName,
        };
        if (language is not null)
        {
            attributes["language"] = language;
        }

        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal)
        {
            [LongContextFields.Context] = JsonSerializer.SerializeToElement(ContextLayout.Of(context, offset), JsonDefaults.Options),
            [LongContextFields.Evidence] = JsonSerializer.SerializeToElement(evidence, JsonDefaults.Options),
            [LongContextFields.MinDocuments] = JsonSerializer.SerializeToElement(evidence.Select(e => e.Document).Distinct().Count()),
            [LongContextFields.TaskType] = JsonSerializer.SerializeToElement(typeName),
            [LongContextFields.Question] = JsonSerializer.SerializeToElement(question),
            [LongContextFields.Answer] = JsonSerializer.SerializeToElement(answer),
        };
        return new Sample
        {
            Id = ContentHash.SampleId(context.Id, k.ToString(CultureInfo.InvariantCulture), typeName, question, assistantText),
            Source = new SourceSpan(context.Id, 0, 0, context.Text.Length),
            Messages = [new Message(Message.User, user), new Message(Message.Assistant, assistantText)],
            Attributes = attributes,
            Fields = fields,
            Lineage = [SampleFactory.Lineage("generate:long_context", _model, prompt, itemSeed, result)],
        };
    }

    /// <summary>The user turn and where the context starts in it.</summary>
    private (string Text, int Offset) UserTurn(Core.Records.LongContext context, string question)
    {
        var ask = string.IsNullOrWhiteSpace(_options.Instruction) ? question : question + "\n\n" + _options.Instruction.Trim();
        return _options.QuestionPosition switch
        {
            QuestionPosition.Start => (string.Concat(ask, "\n\n", context.Text), ask.Length + 2),
            QuestionPosition.Both => (string.Concat(question, "\n\n", context.Text, "\n\n", ask), question.Length + 2),
            _ => (string.Concat(context.Text, "\n\n", ask), 0),
        };
    }
}

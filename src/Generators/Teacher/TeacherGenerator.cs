using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Contracts;
using MidTrain.Core.Failures;
using MidTrain.Core.Hashing;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Core.Structured;
using MidTrain.Generators.Common;

namespace MidTrain.Generators.Teacher;

/// <summary>
/// A stronger model writes instruction data grounded in a passage: a question with an answer that quotes its evidence
/// verbatim (kept in <c>fields.quotes</c> for the citation verifier), a two-student dialogue rewrite, a worked solution
/// (final answer kept in <c>fields.gold</c>), or a custom task. Structured output through the prompt's JSON schema;
/// unreadable replies are retried with a correction and then fail the item with kind <c>parse</c>. A reasoning
/// teacher's trace is kept in the assistant message's <see cref="Message.Reasoning"/>. Deterministic for a seed (given
/// a deterministic model); thread-safe.
/// </summary>
public sealed class TeacherGenerator : IGenerator
{
    private readonly TeacherOptions _options;
    private readonly IChatClient _model;
    private readonly PromptTemplate _prompt;

    /// <summary>Creates a generator; the options are validated and copied here.</summary>
    /// <param name="options">The options (<see cref="TeacherOptions.Model"/> and <see cref="TeacherOptions.Prompt"/> name what <paramref name="model"/> and <paramref name="prompt"/> are).</param>
    /// <param name="model">The teacher model.</param>
    /// <param name="prompt">The prompt; it must take the variables <c>passage</c> and <c>language</c>.</param>
    /// <exception cref="Core.Configuration.OptionsValidationException">An option is invalid.</exception>
    /// <exception cref="PromptException">The prompt lacks a variable.</exception>
    public TeacherGenerator(TeacherOptions options, IChatClient model, PromptTemplate prompt)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options.Clone();
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _prompt = prompt ?? throw new ArgumentNullException(nameof(prompt));
        _prompt.EnsureVariables(["passage", "language"]);
    }

    /// <inheritdoc />
    public string Name => $"teacher:{_options.Task}";

    /// <summary>The prompt used.</summary>
    public PromptTemplate Prompt => _prompt;

    /// <inheritdoc />
    public async IAsyncEnumerable<Sample> GenerateAsync(Passage passage, long seed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var language = PassageVariables.LanguageOf(passage);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["passage"] = passage.Text,
            ["language"] = language ?? "unknown",
        };
        for (var k = 0; k < _options.PerPassage; k++)
        {
            var itemSeed = SeedDerivation.Derive(seed, $"teacher:{k}");
            var result = await StructuredChat.CompleteAsync(_model, _prompt, variables, itemSeed, _options.MaxParseRetries, validate: reply => Validate(reply, passage), cancellationToken: cancellationToken).ConfigureAwait(false);
            var (messages, fields) = Map(result.Value, passage, result.Raw);
            if (result.Reasoning is { } trace)
            {
                // The teacher's trace belongs to the answer it wrote (the generate stage decides how it is kept).
                messages = [.. messages.Take(messages.Count - 1), messages[^1] with { Reasoning = trace }];
            }
            var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["task"] = _options.Task };
            if (language is not null)
            {
                attributes["language"] = language;
            }

            yield return SampleFactory.Create(passage, messages, attributes, fields, [SampleFactory.Lineage("generate:teacher", _model, _prompt, itemSeed, result)]);
        }
    }

    /// <summary>A reply that cannot be mapped (a blank field passes a schema's minLength) is sent back for correction.</summary>
    private string? Validate(JsonElement reply, Passage passage)
    {
        try
        {
            Map(reply, passage, string.Empty);
            return null;
        }
        catch (ItemFailureException ex)
        {
            return ex.Message;
        }
    }

    private (IReadOnlyList<Message> Messages, IReadOnlyDictionary<string, JsonElement>? Fields) Map(JsonElement reply, Passage passage, string raw)
    {
        string Text(string field) => reply.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw new ItemFailureException("parse", $"reply field '{field}' is missing or empty", raw);

        switch (_options.Task)
        {
            case "grounded_qa":
                var quotes = reply.GetProperty("evidence").EnumerateArray().Select(e => e.GetString() ?? string.Empty).Where(q => q.Length > 0).ToArray();
                return ([new Message(Message.User, Text("question")), new Message(Message.Assistant, Text("answer"))],
                    new Dictionary<string, JsonElement> { ["quotes"] = JsonSerializer.SerializeToElement(quotes) });
            case "dialogue":
                var dialogue = new StringBuilder();
                var title = reply.TryGetProperty("title", out var t) ? t.GetString() : null;
                if (!string.IsNullOrWhiteSpace(title))
                {
                    dialogue.Append(title.Trim()).Append("\n\n");
                }

                foreach (var turn in reply.GetProperty("turns").EnumerateArray())
                {
                    dialogue.Append(turn.GetProperty("speaker").GetString()).Append(": ").Append(turn.GetProperty("text").GetString()?.Trim()).Append('\n');
                }

                var instruction = $"Rewrite the following text as a conversation between two students who explain its content to each other.\n\n{passage.Text}";
                return ([new Message(Message.User, instruction), new Message(Message.Assistant, dialogue.ToString().TrimEnd())], null);
            case "worked_solution":
                var steps = reply.GetProperty("steps").EnumerateArray().Select((s, i) => $"{i + 1}. {s.GetString()?.Trim()}");
                var answer = Text("final_answer");
                var solution = string.Join('\n', steps) + $"\n\nFinal answer: \\boxed{{{answer}}}";
                return ([new Message(Message.User, Text("problem")), new Message(Message.Assistant, solution)],
                    new Dictionary<string, JsonElement> { ["gold"] = JsonSerializer.SerializeToElement(answer) });
            default:
                return ([new Message(Message.User, Text(_options.UserField!)), new Message(Message.Assistant, Text(_options.AssistantField!))], null);
        }
    }
}

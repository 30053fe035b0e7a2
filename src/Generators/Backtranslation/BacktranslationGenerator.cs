using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Contracts;
using MidTrain.Core.Failures;
using MidTrain.Core.Hashing;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Core.Structured;
using MidTrain.Generators.Common;

namespace MidTrain.Generators.Backtranslation;

/// <summary>
/// Backtranslation (Humpback, Li et al. 2023): the passage is the answer, and the model writes the request a real user
/// would type to get it — N per passage, each steered by a deterministic draw of language, persona, question type,
/// difficulty and register (so the distribution over a run follows the configuration). The assistant turn is the
/// passage itself or a teacher answer grounded in it; each sample's <c>attributes</c> record the axes used.
/// The language value <c>same</c> means the passage's own language (document metadata <c>language</c>/<c>lang</c>).
/// A reasoning teacher's trace behind a teacher answer is kept in the assistant message's <see cref="Message.Reasoning"/>.
/// Deterministic for a seed (given a deterministic model); thread-safe.
/// </summary>
public sealed class BacktranslationGenerator : IGenerator
{
    private static readonly Dictionary<string, string> Neutral = new(StringComparer.Ordinal)
    {
        ["language"] = "same",
        ["persona"] = "a curious adult reader",
        ["question_type"] = "open question",
        ["difficulty"] = "medium",
        ["register"] = "neutral",
    };

    private readonly AnswerMode _answer;
    private readonly int _perPassage;
    private readonly int _maxParseRetries;
    private readonly IChatClient _model;
    private readonly IChatClient _answerModel;
    private readonly PromptTemplate _questionPrompt;
    private readonly PromptTemplate? _answerPrompt;
    private readonly SteeringSampler _sampler;

    /// <summary>Creates a generator; the options are validated here and the values copied.</summary>
    /// <param name="options">The options.</param>
    /// <param name="model">The model writing questions.</param>
    /// <param name="questionPrompt">The question prompt.</param>
    /// <param name="answerPrompt">The answer prompt (needed for <see cref="AnswerMode.Teacher"/>).</param>
    /// <param name="answerModel">The model writing answers (default <paramref name="model"/>).</param>
    /// <param name="personas">Personas read from <see cref="BacktranslationOptions.PersonasFile"/>, or null.</param>
    /// <exception cref="Core.Configuration.OptionsValidationException">An option is invalid.</exception>
    /// <exception cref="PromptException">A prompt lacks a variable.</exception>
    public BacktranslationGenerator(BacktranslationOptions options, IChatClient model, PromptTemplate questionPrompt,
        PromptTemplate? answerPrompt = null, IChatClient? answerModel = null, IReadOnlyList<string>? personas = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _answerModel = answerModel ?? model;
        _questionPrompt = questionPrompt ?? throw new ArgumentNullException(nameof(questionPrompt));
        _answer = options.Answer;
        _perPassage = options.PerPassage;
        _maxParseRetries = options.MaxParseRetries;
        var axes = options.Axes(personas);
        _sampler = new SteeringSampler(axes);
        var variables = new List<string> { "passage", "language_name" };
        variables.AddRange(BacktranslationOptions.StandardAxes);
        variables.AddRange(axes.Select(a => a.Name));
        _questionPrompt.EnsureVariables(variables);
        if (_answer == AnswerMode.Teacher)
        {
            _answerPrompt = answerPrompt ?? throw new Core.Configuration.OptionsValidationException("answer_prompt", "answer: teacher needs an answer prompt");
            _answerPrompt.EnsureVariables([.. variables, "question"]);
        }
    }

    /// <inheritdoc />
    public string Name => "backtranslation";

    /// <summary>The sampler (for reports and tests).</summary>
    public SteeringSampler Sampler => _sampler;

    /// <inheritdoc />
    public async IAsyncEnumerable<Sample> GenerateAsync(Passage passage, long seed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var passageLanguage = PassageVariables.LanguageOf(passage);
        for (var k = 0; k < _perPassage; k++)
        {
            var draw = _sampler.Draw(seed, k);
            var variables = new Dictionary<string, string>(Neutral, StringComparer.Ordinal);
            foreach (var (axis, value) in draw)
            {
                variables[axis] = value;
            }

            var language = variables["language"];
            if (language == "same")
            {
                language = passageLanguage ?? "same";
            }

            variables["language"] = language;
            variables["language_name"] = language == "same" ? "the same language as the answer" : PassageVariables.LanguageName(language);
            variables["passage"] = passage.Text;

            var questionSeed = SeedDerivation.Derive(seed, $"question#{k}");
            var question = await StructuredChat.CompleteAsync(_model, _questionPrompt, variables, questionSeed, _maxParseRetries, validate: NotBlank("question"), cancellationToken: cancellationToken).ConfigureAwait(false);
            var questionText = ReadString(question, "question");
            var lineage = new List<LineageEntry> { SampleFactory.Lineage("generate:backtranslation:question", _model, _questionPrompt, questionSeed, question) };

            string answerText;
            string? answerReasoning = null;
            if (_answer == AnswerMode.Teacher)
            {
                variables["question"] = questionText;
                var answerSeed = SeedDerivation.Derive(seed, $"answer#{k}");
                var answer = await StructuredChat.CompleteAsync(_answerModel, _answerPrompt!, variables, answerSeed, _maxParseRetries, validate: NotBlank("answer"), cancellationToken: cancellationToken).ConfigureAwait(false);
                answerText = ReadString(answer, "answer");
                answerReasoning = answer.Reasoning;
                lineage.Add(SampleFactory.Lineage("generate:backtranslation:answer", _answerModel, _answerPrompt!, answerSeed, answer));
            }
            else
            {
                answerText = passage.Text;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["task"] = "backtranslation",
                ["answer_mode"] = _answer == AnswerMode.Passage ? "passage" : "teacher",
            };
            foreach (var axis in BacktranslationOptions.StandardAxes.Concat(draw.Keys).Distinct())
            {
                attributes[axis] = axis == "language" ? language : variables[axis];
            }

            if (passageLanguage is not null)
            {
                attributes["passage_language"] = passageLanguage;
            }

            // Only the answer's trace is kept: the trace behind writing the question is no part of the conversation.
            yield return SampleFactory.Create(passage, [new Message(Message.User, questionText), new Message(Message.Assistant, answerText) { Reasoning = answerReasoning }], attributes, null, lineage);
        }
    }

    /// <summary>A blank field passes a schema's minLength (" ") but is no question: the model is asked again.</summary>
    private static Func<JsonElement, string?> NotBlank(string field) => reply =>
        reply.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? null
            : $"the field \"{field}\" must be a non-blank string";

    private static string ReadString(StructuredResult result, string field) =>
        result.Value.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()!.Trim()
            : throw new ItemFailureException("parse", $"reply field '{field}' is missing or empty", result.Raw);
}

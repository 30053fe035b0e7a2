using System.Runtime.CompilerServices;
using System.Text.Json;
using MidTrain.Core.Contracts;
using MidTrain.Core.Failures;
using MidTrain.Core.Hashing;
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

    private readonly BacktranslationOptions _options;
    private readonly SteeringSampler _sampler;

    /// <summary>Creates a generator; the options are validated here.</summary>
    public BacktranslationGenerator(BacktranslationOptions options)
    {
        options.Validate();
        _options = options;
        _sampler = new SteeringSampler(options.Axes);
    }

    /// <inheritdoc />
    public string Name => "backtranslation";

    /// <summary>The prompts used (question, and answer in teacher mode).</summary>
    public IReadOnlyList<Core.Prompts.PromptTemplate> Prompts =>
        _options.Answer == AnswerMode.Teacher ? [_options.QuestionPrompt, _options.AnswerPrompt!] : [_options.QuestionPrompt];

    /// <summary>The sampler (for reports and tests).</summary>
    public SteeringSampler Sampler => _sampler;

    /// <inheritdoc />
    public async IAsyncEnumerable<Sample> GenerateAsync(Passage passage, long seed, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var passageLanguage = PassageVariables.LanguageOf(passage);
        for (var k = 0; k < _options.PerPassage; k++)
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
            var question = await StructuredChat.CompleteAsync(_options.Model.Client, _options.QuestionPrompt, variables, questionSeed, _options.MaxParseRetries, validate: NotBlank("question"), cancellationToken: cancellationToken).ConfigureAwait(false);
            var questionText = ReadString(question, "question");
            var lineage = new List<LineageEntry> { SampleFactory.Lineage("generate:backtranslation:question", _options.Model, _options.QuestionPrompt, questionSeed, question) };

            string answerText;
            if (_options.Answer == AnswerMode.Teacher)
            {
                variables["question"] = questionText;
                var answerSeed = SeedDerivation.Derive(seed, $"answer#{k}");
                var model = _options.AnswerModel ?? _options.Model;
                var answer = await StructuredChat.CompleteAsync(model.Client, _options.AnswerPrompt!, variables, answerSeed, _options.MaxParseRetries, validate: NotBlank("answer"), cancellationToken: cancellationToken).ConfigureAwait(false);
                answerText = ReadString(answer, "answer");
                lineage.Add(SampleFactory.Lineage("generate:backtranslation:answer", model, _options.AnswerPrompt!, answerSeed, answer));
            }
            else
            {
                answerText = passage.Text;
            }

            var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["task"] = "backtranslation",
                ["answer_mode"] = _options.Answer == AnswerMode.Passage ? "passage" : "teacher",
            };
            foreach (var axis in BacktranslationOptions.StandardAxes.Concat(draw.Keys).Distinct())
            {
                attributes[axis] = axis == "language" ? language : variables[axis];
            }

            if (passageLanguage is not null)
            {
                attributes["passage_language"] = passageLanguage;
            }

            yield return SampleFactory.Create(passage, [new Message(Message.User, questionText), new Message(Message.Assistant, answerText)], attributes, null, lineage);
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

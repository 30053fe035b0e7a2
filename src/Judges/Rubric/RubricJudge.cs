using MidTrain.Core.Configuration;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Contracts;
using MidTrain.Core.Models;
using MidTrain.Core.Records;
using MidTrain.Judges.Graded;
using MidTrain.Core.Structured;
using MidTrain.Judges.Structured;

namespace MidTrain.Judges.Rubric;

/// <summary>
/// Scores one sample on one <see cref="RubricCriterion"/> with one chat model. The prompt's variables are filled from
/// the sample (<see cref="Variables"/>); the reply must be the JSON object <c>{rationale, score}</c> of the prompt's
/// schema, requested as structured output at a fixed temperature (0 unless configured) and seed. An unparseable or
/// out-of-range reply is retried with a correction appended to the conversation, at most
/// <see cref="RubricJudgeOptions.MaxAttempts"/> calls in all; after that the judgement is invalid
/// (<see cref="Judgement.IsValid"/> false, <see cref="Judgement.Score"/> null, the last reply in
/// <see cref="Judgement.RawOutput"/>), never a low score. A sample lacking a field the prompt reads (e.g. no passage text)
/// is also an invalid judgement, made without calling the model. Where the backend returns token log-probabilities the
/// score distribution, expected score and entropy are recorded — also for a judge model that reasons first: the reply
/// is read from the answer after the trace, and the score token is located there, not in a draft inside the trace.
/// Transport errors and cancellation propagate.
/// Thread-safe when the chat client is.
/// </summary>
public sealed class RubricJudge : IJudge
{
    private readonly IChatClient _client;
    private readonly double _temperature;
    private readonly long _seed;
    private readonly int _maxAttempts;
    private readonly int _topLogprobs;
    private readonly string _expected;

    /// <summary>Creates a judge of <paramref name="criterion"/> using <paramref name="client"/>.</summary>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> are invalid.</exception>
    public RubricJudge(IChatClient client, RubricCriterion criterion, RubricJudgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(criterion);
        options ??= new RubricJudgeOptions();
        options.Validate();
        _client = client;
        Criterion = criterion;
        JudgeName = options.JudgeName;
        _temperature = options.Temperature ?? criterion.Prompt.Settings.Temperature ?? 0.0;
        _seed = options.Seed;
        _maxAttempts = options.MaxAttempts;
        _topLogprobs = options.TopLogprobs;
        Criteria = [criterion.Name];
        _expected = $"{{\"rationale\": \"<brief reasoning>\", \"score\": <integer from {criterion.MinScore} to {criterion.MaxScore}>}}";
    }

    /// <summary>
    /// The prompt variables a rubric judge fills from a sample: <c>question</c> (the first user message), <c>answer</c>
    /// (the last assistant message), <c>passage</c> (<c>source.text</c>) and <c>language</c> (attribute <c>language</c>).
    /// </summary>
    public static IReadOnlyList<string> Variables { get; } = ["question", "answer", "passage", "language"];

    /// <summary>The criterion judged.</summary>
    public RubricCriterion Criterion { get; }

    /// <summary>The judge model's name, as written into judgements.</summary>
    public string JudgeName { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> Criteria { get; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Judgement>> JudgeAsync(Sample sample, CancellationToken cancellationToken = default) =>
        [await JudgeOneAsync(sample, cancellationToken).ConfigureAwait(false)];

    /// <summary>Judges <paramref name="sample"/> on <see cref="Criterion"/>.</summary>
    public async ValueTask<Judgement> JudgeOneAsync(Sample sample, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var variables = VariablesOf(sample);
        foreach (var name in Criterion.Reads)
        {
            if (!variables.ContainsKey(name) && Criterion.Prompt.InputVariables.FirstOrDefault(v => v.Name == name)?.Default is null)
            {
                return Invalid($"not judged: the sample has no {Describe(name)}", raw: null);
            }
        }

        var outcome = await CorrectingConversation.AskAsync<ParsedScore>(
            _client,
            Criterion.Prompt.Render(variables),
            CreateOptions,
            _maxAttempts,
            Parse,
            problem => StructuredReply.Correction(problem, _expected),
            cancellationToken).ConfigureAwait(false);

        if (outcome.Value is not { } parsed)
        {
            return Invalid($"invalid: {outcome.Problem} (after {outcome.Attempts} attempt{(outcome.Attempts == 1 ? "" : "s")})", outcome.Raw);
        }

        var distribution = _topLogprobs > 0 && outcome.Response is { } response && ChatLogprobs.FromResponse(response) is { } logprobs
            ? ScoreDistribution.FromLogprobs(logprobs, outcome.Raw, parsed.DigitOffset, Criterion.MinScore, Criterion.MaxScore)
            : null;
        return new Judgement
        {
            Judge = JudgeName,
            Criterion = Criterion.Name,
            Score = parsed.Score,
            IsValid = true,
            Rationale = parsed.Rationale,
            RawOutput = outcome.Raw,
            Distribution = distribution?.Probabilities,
            ExpectedScore = distribution?.Expected,
            Entropy = distribution?.Entropy,
        };
    }

    private ChatOptions CreateOptions()
    {
        var options = Criterion.Prompt.CreateChatOptions(_seed);
        options.Temperature = (float)_temperature;
        return _topLogprobs > 0 ? ChatLogprobs.Request(options, _topLogprobs) : options;
    }

    private (ParsedScore? Value, string? Problem) Parse(string raw)
    {
        if (StructuredReply.TryParse(raw, out var problem) is not { } reply)
        {
            return (null, problem);
        }

        if (!reply.TryGet("score", out var scoreElement))
        {
            return (null, "the JSON object has no \"score\"");
        }

        int score;
        switch (scoreElement.ValueKind)
        {
            case JsonValueKind.Number when scoreElement.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue:
                score = (int)d;
                break;
            case JsonValueKind.String when int.TryParse(scoreElement.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s):
                score = s;
                break;
            default:
                return (null, $"\"score\" must be an integer, got {scoreElement.GetRawText()}");
        }

        if (score < Criterion.MinScore || score > Criterion.MaxScore)
        {
            return (null, $"\"score\" {score} is outside {Criterion.MinScore} to {Criterion.MaxScore}");
        }

        var rationale = reply.TryGet("rationale", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        var offset = reply.ValueOffset("score");
        if (offset >= 0 && offset < raw.Length && raw[offset] == '"')
        {
            offset++;
        }

        if (offset < 0 || offset >= raw.Length || raw[offset] != (char)('0' + score % 10))
        {
            // Not the lone digit we expect (e.g. a two-digit score): no position to read probabilities from.
            offset = -1;
        }

        return (new ParsedScore(score, rationale, offset), null);
    }

    private Judgement Invalid(string reason, string? raw) => new()
    {
        Judge = JudgeName,
        Criterion = Criterion.Name,
        Score = null,
        IsValid = false,
        Rationale = reason,
        RawOutput = raw,
    };

    private static Dictionary<string, string> VariablesOf(Sample sample)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (sample.Messages.FirstOrDefault(m => m.Role == Message.User) is { } question && !string.IsNullOrWhiteSpace(question.Content))
        {
            variables["question"] = question.Content;
        }

        if (sample.LastAssistantContent is { } answer && !string.IsNullOrWhiteSpace(answer))
        {
            variables["answer"] = answer;
        }

        if (sample.Source.Text is { } passage && !string.IsNullOrWhiteSpace(passage))
        {
            variables["passage"] = passage;
        }

        if (sample.Attributes.TryGetValue("language", out var language) && !string.IsNullOrWhiteSpace(language))
        {
            variables["language"] = language;
        }

        return variables;
    }

    private static string Describe(string variable) => variable switch
    {
        "question" => "question (no user message)",
        "answer" => "answer (no assistant message)",
        "passage" => "passage text (source.text)",
        "language" => "requested language (attribute 'language')",
        _ => $"value for '{variable}'",
    };

    private sealed record ParsedScore(int Score, string? Rationale, int DigitOffset);
}

using MidTrain.Core.Configuration;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Prompts;
using MidTrain.Core.Structured;
using MidTrain.Judges.Structured;

namespace MidTrain.Judges.Pairwise;

/// <summary>
/// Compares two answers with one chat model, twice: in the given order and swapped, so position bias shows up and
/// cancels out (see <see cref="PairwiseJudgement"/> for how the two verdicts combine). The reply must be
/// <c>{rationale, winner: "A" | "B" | "tie"}</c>; unusable replies are retried with a correction, and after
/// <see cref="PairwiseJudgeOptions.MaxAttempts"/> calls the trial is invalid, never a tie. The two orders are judged one
/// after the other. Transport errors and cancellation propagate. Thread-safe when the chat client is.
/// </summary>
public sealed class PairwiseJudge
{
    private const string Expected = "{\"rationale\": \"<brief reasoning>\", \"winner\": \"A\" | \"B\" | \"tie\"}";
    private readonly IChatClient _client;
    private readonly PromptTemplate _prompt;
    private readonly double _temperature;
    private readonly long _seed;
    private readonly int _maxAttempts;

    /// <summary>Creates a pairwise judge.</summary>
    /// <exception cref="OptionsValidationException"><paramref name="options"/> are invalid.</exception>
    /// <exception cref="PromptException">The prompt is missing or not a pairwise prompt.</exception>
    public PairwiseJudge(IChatClient client, PairwiseJudgeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        options ??= new PairwiseJudgeOptions();
        options.Validate();
        _client = client;
        _prompt = PromptLibrary.Load(options.Prompt, options.PromptBaseDirectory);
        _prompt.EnsureVariables(Variables);
        if (_prompt.Settings.JsonSchema is not { } schema || !schema.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object || !properties.TryGetProperty("winner", out _))
        {
            throw new PromptException($"{_prompt.Source}: a pairwise prompt needs a json_schema with a 'winner' property (\"A\", \"B\" or \"tie\")");
        }

        JudgeName = options.JudgeName;
        _temperature = options.Temperature ?? _prompt.Settings.Temperature ?? 0.0;
        _seed = options.Seed;
        _maxAttempts = options.MaxAttempts;
    }

    /// <summary>The prompt variables: <c>question</c>, <c>answer_a</c> (shown first), <c>answer_b</c> (shown second), <c>passage</c> (may be empty).</summary>
    public static IReadOnlyList<string> Variables { get; } = ["question", "answer_a", "answer_b", "passage"];

    /// <summary>The judge model's name.</summary>
    public string JudgeName { get; }

    /// <summary>The prompt used.</summary>
    public PromptTemplate Prompt => _prompt;

    /// <summary>Judges <paramref name="item"/> in both orders.</summary>
    public async ValueTask<PairwiseJudgement> CompareAsync(PairwiseItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var original = await TrialAsync(item, swapped: false, cancellationToken).ConfigureAwait(false);
        var swapped = await TrialAsync(item, swapped: true, cancellationToken).ConfigureAwait(false);
        return new PairwiseJudgement { Id = item.Id, Judge = JudgeName, OriginalOrder = original, SwappedOrder = swapped };
    }

    /// <summary>Judges every pair of <paramref name="items"/>, in order, and summarises them.</summary>
    public async ValueTask<PairwiseReport> CompareAllAsync(IEnumerable<PairwiseItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var judgements = new List<PairwiseJudgement>();
        foreach (var item in items)
        {
            judgements.Add(await CompareAsync(item, cancellationToken).ConfigureAwait(false));
        }

        return PairwiseReport.From(judgements);
    }

    private async Task<PairwiseTrial> TrialAsync(PairwiseItem item, bool swapped, CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["question"] = item.Question,
            ["answer_a"] = swapped ? item.AnswerB : item.AnswerA,
            ["answer_b"] = swapped ? item.AnswerA : item.AnswerB,
            ["passage"] = item.Passage ?? string.Empty,
        };
        var outcome = await CorrectingConversation.AskAsync<Verdict>(
            _client, _prompt.Render(variables), CreateOptions, _maxAttempts, Parse, problem => StructuredReply.Correction(problem, Expected), cancellationToken).ConfigureAwait(false);
        if (outcome.Value is not { } verdict)
        {
            return new PairwiseTrial
            {
                Swapped = swapped,
                Rationale = $"invalid: {outcome.Problem} (after {outcome.Attempts} attempt{(outcome.Attempts == 1 ? "" : "s")})",
                RawOutput = outcome.Raw,
            };
        }

        var winner = !swapped || verdict.Position == PairwiseWinner.Tie
            ? verdict.Position
            : verdict.Position == PairwiseWinner.A ? PairwiseWinner.B : PairwiseWinner.A;
        return new PairwiseTrial { Swapped = swapped, Position = verdict.Position, Winner = winner, Rationale = verdict.Rationale, RawOutput = outcome.Raw };
    }

    private ChatOptions CreateOptions()
    {
        var options = _prompt.CreateChatOptions(_seed);
        options.Temperature = (float)_temperature;
        return options;
    }

    private static (Verdict? Value, string? Problem) Parse(string raw)
    {
        if (StructuredReply.TryParse(raw, out var problem) is not { } reply)
        {
            return (null, problem);
        }

        if (!reply.TryGet("winner", out var winner) || winner.ValueKind != JsonValueKind.String)
        {
            return (null, "the JSON object has no string \"winner\"");
        }

        PairwiseWinner? position = winner.GetString()?.Trim().ToLowerInvariant() switch
        {
            "a" => PairwiseWinner.A,
            "b" => PairwiseWinner.B,
            "tie" => PairwiseWinner.Tie,
            _ => null,
        };
        if (position is null)
        {
            return (null, $"\"winner\" must be \"A\", \"B\" or \"tie\", got {winner.GetRawText()}");
        }

        var rationale = reply.TryGet("rationale", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return (new Verdict(position.Value, rationale), null);
    }

    private sealed record Verdict(PairwiseWinner Position, string? Rationale);
}

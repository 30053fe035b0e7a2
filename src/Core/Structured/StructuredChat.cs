using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MidTrain.Core.Failures;
using MidTrain.Core.Prompts;

namespace MidTrain.Core.Structured;

/// <summary>
/// Calls a model with a structured-output prompt and reads the reply, retrying a bounded number of times with a
/// correction message when the reply is not JSON matching the prompt's schema (or the caller's <c>validate</c> check
/// rejects it: a schema cannot say "not blank"); after the last attempt it throws an
/// <see cref="ItemFailureException"/> of kind <c>parse</c> carrying the raw output, so the record lands in
/// <c>failed.jsonl</c> instead of being dropped; a reply cut off inside its reasoning trace fails at once with kind
/// <see cref="ReasoningTruncatedKind"/>. The JSON is read from the answer alone, never from the trace
/// (<see cref="StructuredResult.Reasoning"/> keeps it). Thread-safe (no state).
/// </summary>
public static class StructuredChat
{
    /// <summary>
    /// The failure kind of an item whose reply stopped at the token limit inside its reasoning trace, before any answer
    /// (the raw output kept with the failure is the trace).
    /// </summary>
    public const string ReasoningTruncatedKind = "reasoning_truncated";

    /// <summary>Renders <paramref name="prompt"/> with <paramref name="variables"/>, calls <paramref name="client"/> and reads the reply.</summary>
    /// <param name="client">The model.</param>
    /// <param name="prompt">A prompt with a JSON schema in its execution settings (or none: any JSON object).</param>
    /// <param name="variables">Prompt variables.</param>
    /// <param name="seed">The seed passed when the prompt does not fix one.</param>
    /// <param name="maxRetries">Correction retries after the first attempt.</param>
    /// <param name="configure">Optional changes to the chat options (e.g. asking for log-probabilities).</param>
    /// <param name="validate">
    /// Optional check of a schema-valid reply: returns null when the reply is usable, otherwise the reason, which is
    /// sent back as the correction and counts as a failed attempt like a schema mismatch.
    /// </param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<StructuredResult> CompleteAsync(
        IChatClient client,
        PromptTemplate prompt,
        IReadOnlyDictionary<string, string> variables,
        long seed,
        int maxRetries,
        Action<ChatOptions>? configure = null,
        Func<JsonElement, string?>? validate = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        var schema = prompt.Settings.JsonSchema;
        var started = Stopwatch.GetTimestamp();
        var outcome = await CorrectingConversation.AskAsync(
            client,
            prompt.Render(variables),
            () =>
            {
                var options = prompt.CreateChatOptions(seed);
                configure?.Invoke(options);
                return options;
            },
            maxRetries + 1,
            raw => StructuredOutput.TryRead(raw, schema, out var value, out var error) && (error = validate?.Invoke(value) ?? string.Empty).Length == 0
                ? (new StrongBox<JsonElement>(value), null)
                : ((StrongBox<JsonElement>?)null, error),
            StructuredOutput.CorrectionMessage,
            cancellationToken).ConfigureAwait(false);

        if (outcome.ReasoningTruncated)
        {
            throw new ItemFailureException(ReasoningTruncatedKind, $"prompt '{prompt.Id}': {outcome.Problem} (raise the model's max_tokens or bound its reasoning)", outcome.Reasoning);
        }

        if (outcome.Value is not { } parsed)
        {
            throw new ItemFailureException("parse", $"prompt '{prompt.Id}': no usable reply after {maxRetries + 1} attempts: {outcome.Problem}", outcome.Raw);
        }

        return new StructuredResult
        {
            Value = parsed.Value,
            Raw = outcome.Raw,
            Attempts = outcome.Attempts,
            TokensIn = outcome.TokensIn,
            TokensOut = outcome.TokensOut,
            ReasoningTokens = outcome.ReasoningTokens,
            Reasoning = outcome.Reasoning,
            Duration = Stopwatch.GetElapsedTime(started),
            ModelId = outcome.Response?.ModelId,
            Response = outcome.Response,
        };
    }
}

using System.Diagnostics;
using Microsoft.Extensions.AI;
using MidTrain.Core.Failures;
using MidTrain.Core.Prompts;

namespace MidTrain.Core.Structured;

/// <summary>
/// Calls a model with a structured-output prompt and reads the reply, retrying a bounded number of times with a
/// correction message when the reply is not JSON matching the prompt's schema (or the caller's <c>validate</c> check
/// rejects it: a schema cannot say "not blank"); after the last attempt it throws an
/// <see cref="ItemFailureException"/> of kind <c>parse</c> carrying the raw output, so the record lands in
/// <c>failed.jsonl</c> instead of being dropped. Thread-safe (no state).
/// </summary>
public static class StructuredChat
{
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
        Func<System.Text.Json.JsonElement, string?>? validate = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetries);
        var messages = prompt.Render(variables).ToList();
        var schema = prompt.Settings.JsonSchema;
        var started = Stopwatch.GetTimestamp();
        long tokensIn = 0, tokensOut = 0;
        var raw = string.Empty;
        var error = string.Empty;
        for (var attempt = 1; attempt <= maxRetries + 1; attempt++)
        {
            var options = prompt.CreateChatOptions(seed);
            configure?.Invoke(options);
            var response = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
            tokensIn += response.Usage?.InputTokenCount ?? 0;
            tokensOut += response.Usage?.OutputTokenCount ?? 0;
            raw = response.Text;
            if (StructuredOutput.TryRead(raw, schema, out var value, out error) && (error = validate?.Invoke(value) ?? string.Empty).Length == 0)
            {
                return new StructuredResult
                {
                    Value = value,
                    Raw = raw,
                    Attempts = attempt,
                    TokensIn = tokensIn,
                    TokensOut = tokensOut,
                    Duration = Stopwatch.GetElapsedTime(started),
                    ModelId = response.ModelId,
                    Response = response,
                };
            }

            messages.Add(new ChatMessage(ChatRole.Assistant, raw));
            messages.Add(new ChatMessage(ChatRole.User, StructuredOutput.CorrectionMessage(error)));
        }

        throw new ItemFailureException("parse", $"prompt '{prompt.Id}': no usable reply after {maxRetries + 1} attempts: {error}", raw);
    }
}

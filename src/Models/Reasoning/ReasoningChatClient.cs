using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using MidTrain.Core.Models;
using MidTrain.Core.Reasoning;

namespace MidTrain.Models.Reasoning;

/// <summary>
/// Moves a reasoning trace written inline in a reply's text (between the model's tags) into a
/// <see cref="TextReasoningContent"/>, so <see cref="ChatResponse.Text"/> is the answer alone for every backend —
/// streamed or not — and fills <see cref="UsageDetails.ReasoningTokenCount"/> when the backend did not report it:
/// counted with the model's tokenizer where it exposes one (<see cref="ITokenCounter"/>), else the output tokens in
/// proportion to the trace's share of the text. Traces a backend already returned separately pass through. Sits right
/// above the backend, below usage accounting and the cache. Thread-safe.
/// </summary>
internal sealed class ReasoningChatClient : DelegatingChatClient
{
    private readonly ReasoningTags _tags;
    private readonly ReasoningStart _start;

    public ReasoningChatClient(IChatClient innerClient, ReasoningTags tags, ReasoningStart start)
        : base(innerClient)
    {
        _tags = tags;
        _start = start;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        var answerChars = 0;
        foreach (var message in response.Messages)
        {
            if (message.Role != ChatRole.Assistant || !message.Contents.Any(c => c is TextContent))
            {
                continue;
            }

            var split = _tags.Split(message.Text, _start);
            answerChars += split.Answer.Length;
            if (split.Status == ReasoningTraceStatus.None)
            {
                continue;
            }

            var contents = new List<AIContent>(message.Contents.Count + 1);
            contents.AddRange(message.Contents.OfType<TextReasoningContent>());
            if (!string.IsNullOrEmpty(split.Reasoning))
            {
                contents.Add(new TextReasoningContent(split.Reasoning));
            }

            contents.Add(new TextContent(split.Answer));
            contents.AddRange(message.Contents.Where(c => c is not TextContent and not TextReasoningContent));
            message.Contents = contents;
        }

        if (response.Usage is { ReasoningTokenCount: null } usage && ChatReasoning.Of(response) is { } reasoning)
        {
            usage.ReasoningTokenCount = CountReasoningTokens(reasoning, answerChars, usage.OutputTokenCount);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var splitter = new ReasoningStreamSplitter(_tags, _start);
        var reasoning = new StringBuilder();
        var answerChars = 0;
        ChatResponseUpdate? last = null;
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            last = update;
            var contents = new List<AIContent>(update.Contents.Count + 1);
            foreach (var content in update.Contents)
            {
                switch (content)
                {
                    case TextContent text:
                        var (r, a) = splitter.Push(text.Text);
                        Add(contents, r, a);
                        break;
                    case TextReasoningContent separate:
                        reasoning.Append(separate.Text);
                        contents.Add(separate);
                        break;
                    case UsageContent { Details: { ReasoningTokenCount: null } details }:
                        // Usage comes last; the trace is known by then except what the splitter still holds.
                        var (heldR, heldA) = splitter.Complete();
                        Add(contents, heldR, heldA);
                        if (reasoning.Length > 0)
                        {
                            details.ReasoningTokenCount = CountReasoningTokens(reasoning.ToString(), answerChars, details.OutputTokenCount);
                        }

                        contents.Add(content);
                        break;
                    default:
                        contents.Add(content);
                        break;
                }
            }

            update.Contents = contents;
            yield return update;
        }

        var (tailR, tailA) = splitter.Complete();
        if (tailR.Length > 0 || tailA.Length > 0)
        {
            var tail = new List<AIContent>();
            Add(tail, tailR, tailA);
            yield return new ChatResponseUpdate { Role = ChatRole.Assistant, Contents = tail, ResponseId = last?.ResponseId, ModelId = last?.ModelId, MessageId = last?.MessageId };
        }

        void Add(List<AIContent> contents, string r, string a)
        {
            if (r.Length > 0)
            {
                reasoning.Append(r);
                contents.Add(new TextReasoningContent(r));
            }

            if (a.Length > 0)
            {
                answerChars += a.Length;
                contents.Add(new TextContent(a));
            }
        }
    }

    private long? CountReasoningTokens(string reasoning, int answerChars, long? outputTokens)
    {
        if (GetService(typeof(ITokenCounter)) is ITokenCounter counter)
        {
            // The tags around an inline trace are tokens the model spent on reasoning too.
            return counter.CountTokens(reasoning) + (answerChars > 0 ? 2 : 1);
        }

        if (outputTokens is not { } output)
        {
            return null;
        }

        var total = reasoning.Length + answerChars;
        return total == 0 ? 0 : (long)Math.Round(output * (double)reasoning.Length / total, MidpointRounding.AwayFromZero);
    }
}

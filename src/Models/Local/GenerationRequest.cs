using LLama.Native;

namespace MidTrain.Models.Local;

/// <summary>One generation submitted to the <see cref="BatchScheduler"/>. Completed exactly once through <see cref="Completion"/>.</summary>
internal sealed class GenerationRequest
{
    public GenerationRequest(LLamaToken[] prompt, int maxTokens, SamplingSettings sampling, int? topLogprobs, IReadOnlyList<string> stopSequences, Action<string>? onDelta, CancellationToken cancellationToken)
    {
        Prompt = prompt;
        MaxTokens = maxTokens;
        Sampling = sampling;
        TopLogprobs = topLogprobs;
        StopSequences = stopSequences;
        OnDelta = onDelta;
        CancellationToken = cancellationToken;
    }

    public LLamaToken[] Prompt { get; }

    public int MaxTokens { get; }

    public SamplingSettings Sampling { get; }

    /// <summary>Null: no log-probabilities; 0: only the chosen token's; k: also the k most likely alternatives.</summary>
    public int? TopLogprobs { get; }

    public IReadOnlyList<string> StopSequences { get; }

    /// <summary>Called on the scheduler thread with each new piece of text; must not block.</summary>
    public Action<string>? OnDelta { get; }

    public CancellationToken CancellationToken { get; }

    public TaskCompletionSource<GenerationResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>KV cells this request may occupy: its prompt plus its longest answer.</summary>
    public int Reservation => Prompt.Length + MaxTokens;
}

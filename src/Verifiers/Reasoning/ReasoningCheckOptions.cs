using MidTrain.Core.Configuration;
using MidTrain.Core.Reasoning;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>
/// The keys every reasoning-trace check shares: the tags of an inline trace. A sample's trace is read from its last
/// assistant message — its <c>reasoning_content</c> field (<c>reasoning: separate</c>), else a trace written in the
/// content between these tags (<c>reasoning: keep</c>, or data from elsewhere). Defaults live here only.
/// </summary>
public abstract class ReasoningCheckOptions : IValidatableOptions
{
    /// <summary>The opening and closing tag of an inline trace (default <c>&lt;think&gt;</c>, <c>&lt;/think&gt;</c>).</summary>
    public IReadOnlyList<string> Tags { get; set; } = ["<think>", "</think>"];

    /// <summary>The tags as a value.</summary>
    public ReasoningTags TraceTags => new(Tags[0], Tags[1]);

    /// <inheritdoc />
    public virtual void Validate()
    {
        if (Tags.Count != 2)
        {
            throw new OptionsValidationException("tags", "give the opening and the closing tag, e.g. [\"<think>\", \"</think>\"]");
        }

        try
        {
            TraceTags.EnsureUsable();
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException("tags", ex.Message);
        }
    }
}

using System.ComponentModel.DataAnnotations;
using System.Globalization;
using MidTrain.Core.Configuration;
using MidTrain.Core.Reasoning;

namespace MidTrain.Models.Reasoning;

/// <summary>
/// The <c>reasoning:</c> keys of a <c>models:</c> entry: how the model's reasoning trace is read and budgeted. Traces a
/// server returns in a separate field (<c>reasoning_content</c> or <c>reasoning</c>: vLLM and SGLang reasoning parsers,
/// llama-server's <c>--reasoning-format</c>, DeepSeek's API) are always read; these keys add inline traces written in
/// the text between <see cref="Tags"/>, the reasoning effort and token budget sent to a server, and for local models a
/// grammar that lets the model reason before structured output. <c>reasoning: false</c> turns inline parsing off.
/// Defaults live here only.
/// </summary>
public sealed class ModelReasoningOptions : IValidatableOptions
{
    /// <summary>The effort levels servers accept for <c>reasoning_effort</c>.</summary>
    public static IReadOnlyList<string> EffortLevels { get; } = ["none", "minimal", "low", "medium", "high", "xhigh"];

    /// <summary>The opening and closing tag of an inline trace (default <c>&lt;think&gt;</c>, <c>&lt;/think&gt;</c>); <c>[]</c>: no inline traces.</summary>
    public IReadOnlyList<string> Tags { get; set; } = ["<think>", "</think>"];

    /// <summary>
    /// Whether the chat template opens the trace in the prompt, so the output starts inside it and holds only the
    /// closing tag (DeepSeek-R1-0528, QwQ, Qwen3 thinking-2507): <c>true</c>; <c>false</c>: a trace must open with the
    /// tag; unset (default): detected per reply (a closing tag with no opening tag before it; streaming needs <c>true</c>).
    /// </summary>
    public bool? OpenedInPrompt { get; set; }

    /// <summary><c>reasoning_effort</c> sent to an OpenAI-compatible server: none, minimal, low, medium, high or xhigh (default: the server's).</summary>
    public string? Effort { get; set; }

    /// <summary>A budget of reasoning tokens sent to an OpenAI-compatible server as <see cref="BudgetField"/> (default: none).</summary>
    [Range(1, 10_000_000)]
    public int? MaxTokens { get; set; }

    /// <summary>
    /// The request field that carries <see cref="MaxTokens"/>; dots make nested objects (default
    /// <c>thinking_token_budget</c>, vLLM's; e.g. <c>chat_template_kwargs.thinking_budget</c> for SGLang's Qwen3 template,
    /// <c>reasoning.max_tokens</c> for OpenRouter, <c>nvext.max_thinking_tokens</c> for NIM).
    /// </summary>
    public string BudgetField { get; set; } = "thinking_token_budget";

    /// <summary>Local models: whether the structured-output grammar admits a trace before the JSON (default <c>off</c>).</summary>
    public LocalReasoningGrammar Grammar { get; set; } = LocalReasoningGrammar.Off;

    /// <summary>Local models with a reasoning grammar: the most characters of trace the grammar admits (default: unbounded, up to the token limit).</summary>
    [Range(1, 100_000)]
    public int? GrammarMaxChars { get; set; }

    /// <summary>The inline tags, or null when inline traces are not parsed.</summary>
    public ReasoningTags? InlineTags => Tags.Count == 2 ? new ReasoningTags(Tags[0], Tags[1]) : null;

    /// <summary>Where an inline trace may begin (from <see cref="OpenedInPrompt"/>).</summary>
    public ReasoningStart Start => OpenedInPrompt switch
    {
        true => ReasoningStart.Prompt,
        false => ReasoningStart.Tag,
        null => ReasoningStart.Detect,
    };

    /// <inheritdoc />
    public void Validate()
    {
        if (Tags.Count is not (0 or 2))
        {
            throw new OptionsValidationException("tags", "give the opening and the closing tag, e.g. [\"<think>\", \"</think>\"], or [] for none");
        }

        if (InlineTags is { } tags)
        {
            try
            {
                tags.EnsureUsable();
            }
            catch (ArgumentException ex)
            {
                throw new OptionsValidationException("tags", ex.Message);
            }
        }

        if (Effort is { } effort && !EffortLevels.Contains(effort))
        {
            throw new OptionsValidationException("effort", $"'{effort}' is not one of {string.Join(", ", EffortLevels)}");
        }

        if (string.IsNullOrWhiteSpace(BudgetField) || BudgetField.Split('.').Any(string.IsNullOrWhiteSpace))
        {
            throw new OptionsValidationException("budget_field", "must name a request field (dots for nested objects)");
        }

        if (Grammar != LocalReasoningGrammar.Off && InlineTags is null)
        {
            throw new OptionsValidationException("grammar", "a reasoning grammar needs the trace's tags");
        }
    }

    /// <summary>
    /// A short description of every setting that shapes a request or how its reply is split, for the response cache's
    /// key (null for the defaults, so caches written before these settings existed stay valid).
    /// </summary>
    public string? CacheKey()
    {
        var defaults = new ModelReasoningOptions();
        var key = string.Create(CultureInfo.InvariantCulture,
            $"tags={string.Join('|', Tags)};start={Start};effort={Effort};max_tokens={MaxTokens};field={BudgetField};grammar={Grammar};grammar_chars={GrammarMaxChars}");
        var defaultKey = string.Create(CultureInfo.InvariantCulture,
            $"tags={string.Join('|', defaults.Tags)};start={defaults.Start};effort=;max_tokens=;field={defaults.BudgetField};grammar={defaults.Grammar};grammar_chars=");
        return key == defaultKey ? null : key;
    }
}

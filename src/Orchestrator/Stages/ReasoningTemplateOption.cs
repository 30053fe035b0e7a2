using MidTrain.Core.Configuration;
using MidTrain.Core.Reasoning;

namespace MidTrain.Orchestrator.Stages;

/// <summary>The <c>reasoning_template</c> key that <c>generate:</c> and <c>judge:</c> share: one rule for both.</summary>
internal static class ReasoningTemplateOption
{
    /// <summary>Refuses a template that <see cref="ReasoningTemplate"/> cannot render, naming the key.</summary>
    /// <exception cref="OptionsValidationException">The template lacks a placeholder or is malformed.</exception>
    public static void Validate(string text)
    {
        try
        {
            _ = new ReasoningTemplate(text);
        }
        catch (ArgumentException ex)
        {
            throw new OptionsValidationException("reasoning_template", ex.Message);
        }
    }
}

using MidTrain.Core.Configuration;

namespace MidTrain.Generators.Assembly;

/// <summary>
/// How documents are assembled into long contexts (the keys of an <c>assemble:</c> stage; the mode is the stage's
/// value). The budget is <see cref="TargetTokens"/> (with <see cref="CountTokens"/>, a model's tokenizer) or
/// <see cref="TargetChars"/>. Validated by <see cref="Validate"/> (and the tokenizer, set after binding, by the
/// assembler); defaults live here only.
/// </summary>
public sealed class ContextAssemblerOptions : IValidatableOptions
{
    /// <summary>How documents are chosen (the stage's value: <c>assemble: similar</c>). Default sequential.</summary>
    [ConfigIgnore]
    public AssemblyMode Mode { get; set; } = AssemblyMode.Sequential;

    /// <summary>Context length in tokens of <see cref="CountTokens"/> (0 = budget in characters).</summary>
    public int TargetTokens { get; set; }

    /// <summary>Context length in characters (0 = budget in tokens).</summary>
    public int TargetChars { get; set; }

    /// <summary>Counts the tokens of a text (a model's tokenizer); required with <see cref="TargetTokens"/>.</summary>
    [ConfigIgnore]
    public Func<string, int>? CountTokens { get; set; }

    /// <summary>A full context is at most the target and at least (1 − tolerance) × target (default 0.05).</summary>
    public double Tolerance { get; set; } = 0.05;

    /// <summary>A metadata key: only documents with the same value share a context (e.g. <c>source</c>); null = any.</summary>
    public string? Key { get; set; }

    /// <summary>
    /// Text held while grouping, in contexts' worth (default 4): <c>similar</c> and <c>random</c> choose among this much
    /// text; past it, the partition holding the oldest document is assembled (or, too small, rejected). Bounds memory.
    /// </summary>
    public int Window { get; set; } = 4;

    /// <summary>
    /// A partition's last context (at the end of the input, or when the window overflows) is kept when it reaches this
    /// share of the target (default 0.5); otherwise its documents are rejected as too little text.
    /// </summary>
    public double MinFill { get; set; } = 0.5;

    /// <summary>The most of a context one document may take (default 0.5; longer ones are cut at a sentence end).</summary>
    public double MaxDocumentShare { get; set; } = 0.5;

    /// <summary>Show each document's id in its delimiter (<c>&lt;document number="3" id="…"&gt;</c>; default false).</summary>
    public bool ShowIds { get; set; }

    /// <summary>The seed of <see cref="AssemblyMode.Random"/> draws and of the placement order (the run seed).</summary>
    [ConfigIgnore]
    public long Seed { get; set; }

    /// <summary>The target in its unit (tokens or characters).</summary>
    public int Target => TargetTokens > 0 ? TargetTokens : TargetChars;

    /// <summary>Throws <see cref="OptionsValidationException"/> naming the bad option.</summary>
    public void Validate()
    {
        if ((TargetTokens > 0) == (TargetChars > 0) || TargetTokens < 0 || TargetChars < 0)
        {
            throw new OptionsValidationException(TargetTokens > 0 ? "target_chars" : "target_tokens", "give exactly one of target_tokens (with a tokenizer) and target_chars");
        }

        if (Target < 64)
        {
            throw new OptionsValidationException(TargetTokens > 0 ? "target_tokens" : "target_chars", $"must be at least 64, got {Target}");
        }

        if (Tolerance is <= 0 or > 0.5 || double.IsNaN(Tolerance))
        {
            throw new OptionsValidationException("tolerance", $"must be in (0, 0.5], got {Tolerance}");
        }

        if (Window is < 1 or > 64)
        {
            throw new OptionsValidationException("window", $"must be between 1 and 64 contexts' worth, got {Window}");
        }

        if (MinFill is < 0 or > 1 || double.IsNaN(MinFill))
        {
            throw new OptionsValidationException("min_fill", $"must be in [0, 1], got {MinFill}");
        }

        if (MaxDocumentShare is <= 0 or > 1 || double.IsNaN(MaxDocumentShare))
        {
            throw new OptionsValidationException("max_document_share", $"must be in (0, 1], got {MaxDocumentShare}");
        }

        if (Key is { } key && string.IsNullOrWhiteSpace(key))
        {
            throw new OptionsValidationException("key", "must name a metadata field");
        }
    }
}

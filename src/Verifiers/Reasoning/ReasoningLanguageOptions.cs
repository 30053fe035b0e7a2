using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;
using MidTrain.Filters.Language;

namespace MidTrain.Verifiers.Reasoning;

/// <summary>Keys of <c>verify: reasoning_language</c>. Defaults live here only.</summary>
public sealed class ReasoningLanguageOptions : ReasoningCheckOptions
{
    /// <summary>The sample attribute naming its language (default <c>language</c>); without it, the first user message's detected language.</summary>
    public string Attribute { get; set; } = "language";

    /// <summary>The largest share of the trace's sentences that may be in another language (default 0.1).</summary>
    [Range(0.0, 1.0)]
    public double MaxForeignShare { get; set; } = 0.1;

    /// <summary>
    /// A judged piece of the trace holds at least this many letters: shorter sentences are joined with the ones after
    /// them (a lone "Wait." or a formula is too short to tell its language; default 40).
    /// </summary>
    [Range(1, 10_000)]
    public int MinSentenceLetters { get; set; } = 40;

    /// <summary>
    /// Pieces identified as another language count only in runs of at least this many in a row (default 2): a switch of
    /// language lasts, while a lone sentence full of foreign names ("Anak Krakatau emerged from the caldera") is
    /// misidentified now and then — measured on the example corpus, 5 of 100 sentences with all 79 languages.
    /// </summary>
    [Range(1, 1000)]
    public int MinRun { get; set; } = 2;

    /// <summary>At most this many sentences, spread evenly over the trace, are identified (default 200; bounds the cost).</summary>
    [Range(1, 100_000)]
    public int MaxSentences { get; set; } = 200;

    /// <summary>Also require the answer (after the trace) in the sample's language (default true).</summary>
    public bool CheckAnswer { get; set; } = true;

    /// <summary>Candidate languages (ISO 639-1); default all 79 Lingua languages — naming the few a dataset holds is much faster.</summary>
    public List<string> Languages { get; set; } = [];

    /// <summary>Lingua's mode: <c>low</c> (default) or <c>high</c> (better on short sentences, far more memory).</summary>
    public LanguageAccuracy Accuracy { get; set; } = LanguageAccuracy.Low;

    /// <summary>Where Lingua's language models are (default: beside the executable).</summary>
    public string? ModelsDir { get; set; }

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (string.IsNullOrWhiteSpace(Attribute))
        {
            throw new OptionsValidationException("attribute", "must name a sample attribute");
        }

        LanguageIdentifier.ValidateLanguages(Languages);
    }
}

using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using MidTrain.Core.Configuration;

namespace MidTrain.Classifiers.Features;

/// <summary>
/// What the <c>fasttext-like</c> featurizer (<see cref="HashedNgramFeaturizer"/>) extracts: word n-grams of 1 to
/// <see cref="WordNgrams"/> words and character n-grams of <see cref="CharNgramMin"/> to <see cref="CharNgramMax"/>
/// characters, hashed into 2^<see cref="Bits"/> buckets shared by both families. Stored in the model file, so a model
/// is always applied with the features it was trained on.
/// </summary>
public sealed class NgramFeatureOptions : IValidatableOptions
{
    /// <summary>log2 of the number of hash buckets (default 20: 1,048,576 weights, 4 MiB).</summary>
    [Range(10, 26)]
    [JsonPropertyName("bits")]
    public int Bits { get; set; } = 20;

    /// <summary>Longest word n-gram (default 2: words and word pairs; 0: no word features).</summary>
    [Range(0, 4)]
    [JsonPropertyName("word_ngrams")]
    public int WordNgrams { get; set; } = 2;

    /// <summary>
    /// Shortest character n-gram (default 0: no character features, as fastText's supervised default). Character
    /// n-grams cost one hash and one weight lookup per character and length, and are computed over decoded UTF-16
    /// text: measured by the <c>classifier</c> benchmark, 4-grams alone cut scoring throughput on 2,000-character
    /// documents to about a third (256–277k → 78–85k documents/s/core).
    /// </summary>
    [Range(0, 8)]
    [JsonPropertyName("char_ngram_min")]
    public int CharNgramMin { get; set; }

    /// <summary>Longest character n-gram (at most 8; default 0, or <see cref="CharNgramMin"/> when only that is set).</summary>
    [Range(0, 8)]
    [JsonPropertyName("char_ngram_max")]
    public int CharNgramMax { get; set; }

    /// <inheritdoc />
    public void Validate()
    {
        if (Bits is < 10 or > 26)
        {
            throw new OptionsValidationException("bits", $"must be between 10 and 26, got {Bits}");
        }

        if (WordNgrams is < 0 or > 4)
        {
            throw new OptionsValidationException("word_ngrams", $"must be between 0 and 4, got {WordNgrams}");
        }

        if (CharNgramMin is < 0 or > 8 || CharNgramMax is < 0 or > 8)
        {
            throw new OptionsValidationException("char_ngram_min", "character n-gram lengths must be between 0 and 8");
        }

        if (CharNgramMin > 0 && CharNgramMax != 0 && CharNgramMax < CharNgramMin)
        {
            throw new OptionsValidationException("char_ngram_max", $"must be at least char_ngram_min ({CharNgramMin})");
        }

        if (WordNgrams == 0 && CharNgramMin == 0)
        {
            throw new OptionsValidationException("word_ngrams", "with char_ngram_min 0 there would be no features at all");
        }
    }
}

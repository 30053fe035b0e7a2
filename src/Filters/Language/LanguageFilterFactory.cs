using MidTrain.Core.Components;
using MidTrain.Filters.Components;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Language;

/// <summary><c>filter: language</c>: creates the shared <see cref="LanguageFilter"/> (the detector's models are loaded here, once).</summary>
public sealed class LanguageFilterFactory()
    : FilterFactory<LanguageFilterOptions>(LanguageFilter.FilterName, LanguageFilter.FilterVersion, "annotate the detected language (language, language_confidence) and reject languages not kept")
{
    /// <inheritdoc />
    protected override IFilter Create(LanguageFilterOptions options, ComponentContext context) => new LanguageFilter(options, context.ResolvePath);
}

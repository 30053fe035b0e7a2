using MidTrain.Core.Components;
using MidTrain.Core.Contracts;

namespace MidTrain.Filters.Language;

/// <summary><c>verify: language</c>: steering compliance of generated samples (see <see cref="LanguageVerifier"/>).</summary>
public sealed class LanguageVerifierFactory()
    : VerifierFactory<LanguageVerifierOptions>(LanguageVerifier.VerifierName, LanguageVerifier.VerifierVersion, "check that a sample's user turn (and optionally its answer) is in the language its 'language' attribute asks for")
{
    /// <inheritdoc />
    protected override IVerifier Create(LanguageVerifierOptions options, ComponentContext context) => new LanguageVerifier(options, context.ResolvePath);
}

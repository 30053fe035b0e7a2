namespace MidTrain.Verifiers.Code;

/// <summary>Whether a language's toolchain was found on this host, and if not, why and how to install it. Immutable.</summary>
/// <param name="Language">The language's name.</param>
/// <param name="IsAvailable">True when every tool the language needs was found and answered its probe.</param>
/// <param name="Reason">Why it is unavailable (what was tried, what to install); null when available.</param>
public sealed record LanguageAvailability(string Language, bool IsAvailable, string? Reason);

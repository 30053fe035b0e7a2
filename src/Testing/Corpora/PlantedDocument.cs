namespace MidTrain.Testing.Corpora;

/// <summary>A generated document and the quality planted in it.</summary>
/// <param name="Id">The document id (<c>doc-000042</c>).</param>
/// <param name="Text">The text.</param>
/// <param name="Quality">The latent quality in [0, 5] that decided how many signal words the text holds.</param>
/// <param name="Label">The simulated judge's score: <see cref="Quality"/> plus Gaussian noise, rounded and clamped to 0–5.</param>
public sealed record PlantedDocument(string Id, string Text, double Quality, int Label);

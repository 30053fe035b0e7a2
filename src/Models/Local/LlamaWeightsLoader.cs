using LLama;
using LLama.Common;
using LLama.Exceptions;

namespace MidTrain.Models.Local;

/// <summary>
/// Loads GGUF weights for every llama.cpp user (the chat backend, the embedding server, the classifiers' embedder) with
/// one error: llama.cpp only says that loading failed, so the exception points at the native log, where the reason is.
/// Install <see cref="LlamaNativeLog"/> first. Stateless.
/// </summary>
internal static class LlamaWeightsLoader
{
    /// <summary>Loads the weights of <paramref name="parameters"/>' model file.</summary>
    /// <exception cref="InvalidOperationException">llama.cpp could not load the file.</exception>
    public static async Task<LLamaWeights> LoadAsync(ModelParams parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        try
        {
            return await LLamaWeights.LoadFromFileAsync(parameters, cancellationToken).ConfigureAwait(false);
        }
        catch (LoadWeightsFailedException ex)
        {
            throw new InvalidOperationException($"llama.cpp could not load '{parameters.ModelPath}' (the reason is in the LLama.Native log at Error level)", ex);
        }
    }
}

namespace MidTrain.Models;

/// <summary>Where a model runs (<c>provider:</c> of a <c>models:</c> entry).</summary>
public enum ModelProvider
{
    /// <summary>In-process llama.cpp over a GGUF file (LLamaSharp), with continuous batching.</summary>
    Llama,

    /// <summary>An OpenAI-compatible HTTP endpoint (vLLM, llama-server, Ollama, OpenAI, <c>midtrain serve</c>).</summary>
    Openai,
}

using MidTrain.Core.Files;
using MidTrain.Core.Hashing;
using MidTrain.Models.Gguf;

namespace MidTrain.Models.Tiny;

/// <summary>
/// Writes a deterministic random-weight llama-architecture GGUF: SentencePiece vocabulary with byte tokens, the ChatML
/// chat template, <c>add_space_prefix = false</c>. Its outputs are meaningless; it exists so that tests, benchmarks and
/// the offline quickstart exercise the real llama.cpp path without downloading weights. Thread-safe (stateless).
/// </summary>
public static class TinyModelWriter
{
    /// <summary>The ChatML template (detected by llama.cpp from its <c>&lt;|im_start|&gt;</c> marker).</summary>
    public const string ChatMlTemplate =
        "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}" +
        "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

    /// <summary>The <c>general.name</c> written into every generated model; <see cref="ModelFactory"/> recognises it.</summary>
    public const string GeneralName = "midtrain-tiny-random";

    /// <summary>Writes the model described by <paramref name="options"/> to <paramref name="path"/> (atomically: temp file, then rename).</summary>
    public static void Write(string path, TinyModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        OutputFolder.EnsureFor(path);

        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Build(options).WriteTo(stream);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>The parameter count of a model with the given shape.</summary>
    public static long ParameterCount(TinyModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        long e = options.EmbeddingLength, f = options.FeedForwardLength, v = options.VocabularySize;
        var kv = e / options.Heads * options.KvHeads;
        var perLayer = (2 * e * e) + (2 * e * kv) + (3 * e * f) + (2 * e);
        return (2 * e * v) + e + (options.Layers * perLayer);
    }

    private static GgufWriter Build(TinyModelOptions o)
    {
        var vocab = TinyVocabulary.Create(o.VocabularySize);
        var headDim = o.EmbeddingLength / o.Heads;
        var kvDim = headDim * o.KvHeads;
        var writer = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.name", GeneralName)
            .Add("general.file_type", o.Half ? 1u : 0u)
            .Add("llama.context_length", (uint)o.ContextLength)
            .Add("llama.embedding_length", (uint)o.EmbeddingLength)
            .Add("llama.block_count", (uint)o.Layers)
            .Add("llama.feed_forward_length", (uint)o.FeedForwardLength)
            .Add("llama.attention.head_count", (uint)o.Heads)
            .Add("llama.attention.head_count_kv", (uint)o.KvHeads)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("llama.rope.dimension_count", (uint)headDim)
            .Add("llama.rope.freq_base", 10000f)
            .Add("llama.vocab_size", (uint)o.VocabularySize)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", vocab.Tokens)
            .Add("tokenizer.ggml.scores", vocab.Scores)
            .Add("tokenizer.ggml.token_type", vocab.Types)
            .Add("tokenizer.ggml.bos_token_id", (uint)TinyVocabulary.Bos)
            .Add("tokenizer.ggml.eos_token_id", (uint)TinyVocabulary.ImEnd)
            .Add("tokenizer.ggml.unknown_token_id", (uint)TinyVocabulary.Unknown)
            .Add("tokenizer.ggml.padding_token_id", (uint)TinyVocabulary.Eos)
            .Add("tokenizer.ggml.add_bos_token", false)
            .Add("tokenizer.ggml.add_eos_token", false)
            .Add("tokenizer.ggml.add_space_prefix", false)
            .Add("tokenizer.chat_template", ChatMlTemplate);

        ulong E = (ulong)o.EmbeddingLength, F = (ulong)o.FeedForwardLength, V = (ulong)o.VocabularySize, KV = (ulong)kvDim;
        writer.AddTensor("token_embd.weight", [E, V], o.Half, Random(o.Seed, "token_embd.weight", 0.1f));
        for (var layer = 0; layer < o.Layers; layer++)
        {
            var p = "blk." + layer.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".";
            writer.AddTensor(p + "attn_norm.weight", [E], false, Ones);
            writer.AddTensor(p + "attn_q.weight", [E, E], o.Half, Random(o.Seed, p + "attn_q.weight", Scale(E)));
            writer.AddTensor(p + "attn_k.weight", [E, KV], o.Half, Random(o.Seed, p + "attn_k.weight", Scale(E)));
            writer.AddTensor(p + "attn_v.weight", [E, KV], o.Half, Random(o.Seed, p + "attn_v.weight", Scale(E)));
            writer.AddTensor(p + "attn_output.weight", [E, E], o.Half, Random(o.Seed, p + "attn_output.weight", Scale(E)));
            writer.AddTensor(p + "ffn_norm.weight", [E], false, Ones);
            writer.AddTensor(p + "ffn_gate.weight", [E, F], o.Half, Random(o.Seed, p + "ffn_gate.weight", Scale(E)));
            writer.AddTensor(p + "ffn_up.weight", [E, F], o.Half, Random(o.Seed, p + "ffn_up.weight", Scale(E)));
            writer.AddTensor(p + "ffn_down.weight", [F, E], o.Half, Random(o.Seed, p + "ffn_down.weight", Scale(F)));
        }

        writer.AddTensor("output_norm.weight", [E], false, Ones);

        // A larger output scale gives peaked, seed-sensitive next-token distributions instead of near-uniform ones.
        writer.AddTensor("output.weight", [E, V], o.Half, Random(o.Seed, "output.weight", 4f * Scale(E)));
        return writer;
    }

    private static float Scale(ulong fanIn) => (float)Math.Sqrt(3.0 / fanIn);

    private static void Ones(Span<float> values) => values.Fill(1f);

    private static Action<Span<float>> Random(ulong seed, string name, float amplitude) => values =>
    {
        // SplitMix64 keyed by (seed, tensor name): stable across runtimes, independent of tensor order.
        var state = seed ^ ContentHash.Fnv1a64(name);
        for (var i = 0; i < values.Length; i++)
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            var unit = (z >> 11) * (1.0 / (1UL << 53));
            values[i] = (float)(((unit * 2) - 1) * amplitude);
        }
    };
}

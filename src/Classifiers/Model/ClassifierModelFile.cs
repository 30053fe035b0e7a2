using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MidTrain.Classifiers.Embedding;
using MidTrain.Classifiers.Features;
using MidTrain.Core.Configuration;
using MidTrain.Core.Files;
using MidTrain.Core.Jsonl;

namespace MidTrain.Classifiers.Model;

/// <summary>
/// The <c>.mtc</c> model file: the 8 bytes <c>MTCLSF01</c>, a little-endian int32 header length, a UTF-8 JSON header
/// (format version, kind, criterion, scale, threshold, features or embedding model with fingerprint, dimension, bias,
/// SHA-256 of the weights, provenance, metrics), then the weights as little-endian float32. Reading refuses, with a
/// message naming the file, anything it cannot apply faithfully: another file type, a newer format version, an unknown
/// kind, another featurizer version, a weight count or checksum that does not match the header. Written atomically
/// (temporary file, then rename). Stateless and thread-safe.
/// </summary>
public static class ClassifierModelFile
{
    /// <summary>The conventional extension.</summary>
    public const string Extension = ".mtc";

    private static ReadOnlySpan<byte> Magic => "MTCLSF01"u8;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/>; returns the file's SHA-256.</summary>
    public static string Write(string path, ClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weightBytes = new byte[model.Weights.Length * sizeof(float)];
        for (var i = 0; i < model.Weights.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(weightBytes.AsSpan(i * sizeof(float)), model.Weights[i]);
        }

        var header = new JsonObject
        {
            ["format"] = "midtrain-classifier",
            ["format_version"] = ClassifierModel.FormatVersion,
            ["kind"] = ClassifierKinds.Name(model.Kind),
            ["criterion"] = model.Criterion,
            ["label_min"] = model.LabelMin,
            ["label_max"] = model.LabelMax,
            ["threshold"] = model.Threshold,
            ["dimension"] = model.Weights.Length,
            ["bias"] = model.Bias,
            ["weights_sha256"] = Convert.ToHexStringLower(SHA256.HashData(weightBytes)),
        };
        if (model.Features is { } features)
        {
            header["features"] = new JsonObject
            {
                ["featurizer_version"] = model.FeaturizerVersion,
                ["bits"] = features.Bits,
                ["word_ngrams"] = features.WordNgrams,
                ["char_ngram_min"] = features.CharNgramMin,
                ["char_ngram_max"] = features.CharNgramMax,
            };
        }

        if (model.Embedding is { } embedding)
        {
            header["embedding"] = new JsonObject
            {
                ["model"] = embedding.Model,
                ["fingerprint"] = model.EmbeddingFingerprint,
                ["context"] = embedding.Context,
                ["max_chars"] = embedding.MaxChars,
            };
        }

        header["provenance"] = JsonSerializer.SerializeToNode(model.Provenance, JsonDefaults.Options);
        header["metrics"] = model.Metrics?.DeepClone();
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString(JsonDefaults.Options));

        var full = Path.GetFullPath(path);
        OutputFolder.EnsureFor(full);

        var temp = full + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, headerBytes.Length);
            foreach (var part in new[] { Magic.ToArray(), length.ToArray(), headerBytes, weightBytes })
            {
                stream.Write(part);
                hash.AppendData(part);
            }

            stream.Flush(flushToDisk: true);
            File.Move(temp, full, overwrite: true);
            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    /// <summary>Reads the model at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ClassifierModelException">The file is not a model this build can apply (the message says why).</exception>
    public static ClassifierModel Read(string path) => Read(path, out _);

    /// <summary>Reads the model at <paramref name="path"/> and the file's SHA-256.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="ClassifierModelException">The file is not a model this build can apply (the message says why).</exception>
    public static ClassifierModel Read(string path, out string sha256)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"classifier model not found: {path}", path);
        }

        var bytes = File.ReadAllBytes(path);
        sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new ClassifierModelException($"{path}: not a MidTrain classifier model (no MTCLSF01 header); train one with `midtrain classifier train`");
        }

        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(Magic.Length));
        var headerStart = Magic.Length + 4;
        if (headerLength <= 0 || headerLength > bytes.Length - headerStart)
        {
            throw new ClassifierModelException($"{path}: truncated or corrupted model file (header length {headerLength}, file {bytes.Length} bytes)");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(bytes.AsSpan(headerStart, headerLength)) as JsonObject
                ?? throw new ClassifierModelException($"{path}: the model header is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new ClassifierModelException($"{path}: the model header is not valid JSON ({ex.Message})", ex);
        }

        try
        {
            return FromHeader(path, header, bytes.AsSpan(headerStart + headerLength));
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or NullReferenceException or OptionsValidationException)
        {
            throw new ClassifierModelException($"{path}: malformed model header: {ex.Message}", ex);
        }
    }

    private static ClassifierModel FromHeader(string path, JsonObject header, ReadOnlySpan<byte> weightBytes)
    {
        var version = header["format_version"]?.GetValue<int>() ?? 0;
        if (version > ClassifierModel.FormatVersion)
        {
            throw new ClassifierModelException($"{path}: model format {version} was written by a newer MidTrain; this build reads format {ClassifierModel.FormatVersion} and older — upgrade MidTrain or retrain");
        }

        if (version < 1)
        {
            throw new ClassifierModelException($"{path}: the model header has no valid format_version");
        }

        var kindText = header["kind"]?.GetValue<string>();
        var kind = ClassifierKinds.Parse(kindText)
            ?? throw new ClassifierModelException($"{path}: unknown classifier kind '{kindText}' (this build knows {string.Join(", ", ClassifierKinds.Names)})");
        var dimension = header["dimension"]!.GetValue<int>();
        if (weightBytes.Length != (long)dimension * sizeof(float))
        {
            throw new ClassifierModelException($"{path}: truncated or corrupted model file: the header promises {dimension} weights ({(long)dimension * sizeof(float)} bytes), the file holds {weightBytes.Length} bytes after it");
        }

        var expectedSha = header["weights_sha256"]?.GetValue<string>();
        var actualSha = Convert.ToHexStringLower(SHA256.HashData(weightBytes));
        if (!string.Equals(expectedSha, actualSha, StringComparison.Ordinal))
        {
            throw new ClassifierModelException($"{path}: corrupted model file: the weights' sha256 is {actualSha[..12]}…, the header says {expectedSha?[..Math.Min(12, expectedSha.Length)]}…");
        }

        var weights = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            weights[i] = BinaryPrimitives.ReadSingleLittleEndian(weightBytes[(i * sizeof(float))..]);
        }

        NgramFeatureOptions? features = null;
        var featurizerVersion = HashedNgramFeaturizer.Version;
        EmbeddingOptions? embedding = null;
        string? fingerprint = null;
        if (kind == ClassifierKind.FasttextLike)
        {
            var node = header["features"] as JsonObject ?? throw new ClassifierModelException($"{path}: a fasttext-like model needs a 'features' section");
            featurizerVersion = node["featurizer_version"]!.GetValue<int>();
            if (featurizerVersion != HashedNgramFeaturizer.Version)
            {
                throw new ClassifierModelException($"{path}: trained with n-gram featurizer version {featurizerVersion}; this build hashes features with version {HashedNgramFeaturizer.Version}, so its scores would be meaningless — retrain the model");
            }

            features = new NgramFeatureOptions
            {
                Bits = node["bits"]!.GetValue<int>(),
                WordNgrams = node["word_ngrams"]!.GetValue<int>(),
                CharNgramMin = node["char_ngram_min"]!.GetValue<int>(),
                CharNgramMax = node["char_ngram_max"]!.GetValue<int>(),
            };
            features.Validate();
            if (dimension != 1 << features.Bits)
            {
                throw new ClassifierModelException($"{path}: {dimension} weights do not match {features.Bits} feature bits");
            }
        }
        else
        {
            var node = header["embedding"] as JsonObject ?? throw new ClassifierModelException($"{path}: an embedding model needs an 'embedding' section");
            embedding = new EmbeddingOptions
            {
                Model = node["model"]!.GetValue<string>(),
                Context = node["context"]!.GetValue<int>(),
                MaxChars = node["max_chars"]!.GetValue<int>(),
            };
            fingerprint = node["fingerprint"]?.GetValue<string>();
        }

        var provenance = header["provenance"] is JsonObject p
            ? p.Deserialize<ClassifierProvenance>(JsonDefaults.Options) ?? new ClassifierProvenance()
            : new ClassifierProvenance();
        return new ClassifierModel
        {
            Kind = kind,
            Criterion = header["criterion"]!.GetValue<string>(),
            LabelMin = header["label_min"]!.GetValue<double>(),
            LabelMax = header["label_max"]!.GetValue<double>(),
            Threshold = header["threshold"]!.GetValue<double>(),
            Features = features,
            FeaturizerVersion = featurizerVersion,
            Embedding = embedding,
            EmbeddingFingerprint = fingerprint,
            Weights = weights,
            Bias = header["bias"]!.GetValue<double>(),
            Provenance = provenance,
            Metrics = header["metrics"] as JsonObject is { } metrics ? (JsonObject)metrics.DeepClone() : null,
        };
    }
}

using MidTrain.Core.Hashing;
using MidTrain.Orchestrator.Corpus;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MidTrain.Orchestrator.Config;

/// <summary>
/// Loads a pipeline YAML: every key is checked (unknown keys and wrong types are errors naming the key and line);
/// stage options are checked later by the stage factories, with the same messages.
/// </summary>
public static class PipelineConfigLoader
{
    /// <summary>The stage kinds; the first key of each <c>stages:</c> entry must be one of them.</summary>
    public static readonly IReadOnlyList<string> StageKinds = ["chunk", "generate", "verify", "judge", "generic"];

    /// <summary>Loads <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file is missing, not YAML, or has a bad key.</exception>
    public static PipelineConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: pipeline file not found");
        }

        var bytes = File.ReadAllBytes(path);
        return Parse(System.Text.Encoding.UTF8.GetString(bytes), path, ContentHash.Sha256Hex(bytes));
    }

    /// <summary>Parses YAML <paramref name="text"/> as if read from <paramref name="file"/>.</summary>
    public static PipelineConfig Parse(string text, string file, string? sha256 = null)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ConfigException($"{file}:{ex.Start.Line}: invalid YAML: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode rootNode)
        {
            throw new ConfigException($"{file}:1: a pipeline must be a YAML mapping with input, stages and output");
        }

        var root = new ConfigMap(rootNode, file, string.Empty);
        var name = root.GetString("name") ?? Path.GetFileNameWithoutExtension(file);
        var seed = root.GetLong("seed", 0);

        var input = root.GetMap("input") ?? throw root.Error(null, "key 'input' is required (input.path: a JSONL, .jsonl.gz or Parquet file, a glob or a directory)");
        var corpus = new CorpusOptions
        {
            Path = input.RequireString("path"),
            IdField = input.GetString("id_field") ?? "id",
            TextField = input.GetString("text_field") ?? "text",
            MaxRecordBytes = input.GetLong("max_record_bytes", 32L << 20, 1),
        };
        var onBadInput = input.GetChoice("on_bad_input", "skip", "skip", "fail");
        input.EnsureAllUsed();

        var models = new Dictionary<string, ConfigMap>(StringComparer.Ordinal);
        if (root.GetMap("models") is { } modelsMap)
        {
            foreach (var modelName in modelsMap.Keys.ToArray())
            {
                models[modelName] = modelsMap.GetMap(modelName) ?? throw modelsMap.Error(modelName, "expected a mapping with provider, ...");
            }
        }

        var stages = new List<StageSpec>();
        foreach (var (stageMap, index) in (root.GetMapList("stages") ?? []).Select((m, i) => (m, i)))
        {
            var kind = stageMap.Keys.FirstOrDefault();
            if (kind is null || !StageKinds.Contains(kind))
            {
                throw stageMap.Error(kind, $"the first key of a stage must be its kind, one of {string.Join(", ", StageKinds)}");
            }

            var value = stageMap.Node(kind)!;
            stages.Add(new StageSpec(index, kind, value, stageMap));
        }

        string? outputDir = null;
        if (root.GetMap("output") is { } output)
        {
            outputDir = output.GetString("dir");
            output.EnsureAllUsed();
        }

        root.EnsureAllUsed();
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory();
        var config = new PipelineConfig
        {
            Name = name,
            Seed = seed,
            Input = corpus,
            Models = models,
            Stages = stages,
            OutputDir = outputDir,
            OnBadInput = onBadInput,
            File = file,
            BaseDirectory = baseDirectory,
            Sha256 = sha256 ?? ContentHash.Sha256Hex(text),
            Json = root.ToJson(),
        };
        return config;
    }
}

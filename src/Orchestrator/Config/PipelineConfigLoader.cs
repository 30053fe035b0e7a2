using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;
using MidTrain.Core.Hashing;
using MidTrain.Orchestrator.Corpus;
using MidTrain.Orchestrator.Components;
using MidTrain.Orchestrator.Limits;
using MidTrain.Orchestrator.Stages;

namespace MidTrain.Orchestrator.Config;

/// <summary>
/// Loads a pipeline YAML: every key is checked by the one binder (unknown keys and wrong types are errors naming the
/// file, line and key); stage settings are checked later by the stage factories, with the same messages. A stage's kind
/// is whichever of its keys is a stage kind, wherever it stands (tools that sort keys write valid pipelines).
/// </summary>
public static class PipelineConfigLoader
{
    /// <summary>The stage kinds (the names of the stage factories).</summary>
    public static IReadOnlyList<string> StageKinds => BuiltInComponents.Catalog.Names<IStageFactory>();

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
    /// <exception cref="ConfigException">Invalid YAML or a bad key.</exception>
    public static PipelineConfig Parse(string text, string file, string? sha256 = null)
    {
        if (YamlConfigReader.Parse(text, file) is not ConfigMapping root)
        {
            throw new ConfigException($"{file}:1: a pipeline must be a YAML mapping with input, stages and output");
        }

        var document = OptionsBinder.Bind<PipelineDocument>(root);
        var kinds = StageKinds;
        var stages = document.Stages.Select((mapping, index) => new StageSpec(index, KindOf(mapping, kinds), mapping)).ToArray();
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory();
        var sections = new Dictionary<string, ConfigMapping>(StringComparer.Ordinal);
        if (document.Card is { } card)
        {
            sections["card"] = card;
        }

        var json = (System.Text.Json.Nodes.JsonObject)ConfigJson.ToJson(root)!;
        return new PipelineConfig
        {
            Name = document.Name ?? Path.GetFileNameWithoutExtension(file),
            Seed = document.Seed,
            Input = document.Input!,
            Models = document.Models,
            Stages = stages,
            OutputDir = document.Output?.Dir,
            File = file,
            BaseDirectory = baseDirectory,
            Sha256 = sha256 ?? ContentHash.Sha256Hex(text),
            Json = json,
            PipelineSha256 = PipelineHash(json),
            Sections = sections,
            Budget = document.Budget,
            Target = document.Target,
        };
    }

    /// <summary>
    /// SHA-256 of the configuration's canonical JSON (keys sorted) without <c>budget</c> and <c>target</c>: what
    /// <c>--resume</c> compares, so a run stopped by its budget or target can be resumed with a raised one, while any
    /// change to what the pipeline does is refused. Comments and formatting do not count either.
    /// </summary>
    internal static string PipelineHash(System.Text.Json.Nodes.JsonObject json)
    {
        var copy = (System.Text.Json.Nodes.JsonObject)json.DeepClone();
        copy.Remove("budget");
        copy.Remove("target");
        return ContentHash.Sha256Hex(Canonical(copy)!.ToJsonString());
    }

    private static System.Text.Json.Nodes.JsonNode? Canonical(System.Text.Json.Nodes.JsonNode? node) => node switch
    {
        System.Text.Json.Nodes.JsonObject o => new System.Text.Json.Nodes.JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        System.Text.Json.Nodes.JsonArray a => new System.Text.Json.Nodes.JsonArray(a.Select(Canonical).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string KindOf(ConfigMapping stage, IReadOnlyList<string> kinds)
    {
        var found = stage.Keys.Where(kinds.Contains).ToArray();
        return found.Length switch
        {
            1 => found[0],
            0 => throw new ConfigException(stage.File, stage.Line, stage.Path,
                $"a stage needs one kind key, one of {string.Join(", ", kinds)} (keys here: {string.Join(", ", stage.Keys)})"),
            _ => throw stage.ErrorAt(found[1], $"a stage has one kind, but this one has two: {string.Join(" and ", found)}"),
        };
    }

    /// <summary>The top level of a pipeline file, as the binder reads it.</summary>
    private sealed class PipelineDocument
    {
        public string? Name { get; set; }

        public long Seed { get; set; }

        [Required]
        public CorpusOptions? Input { get; set; }

        public Dictionary<string, ConfigMapping> Models { get; set; } = new(StringComparer.Ordinal);

        public List<ConfigMapping> Stages { get; set; } = [];

        public OutputSection? Output { get; set; }

        /// <summary>Dataset card settings, read by the card writer.</summary>
        public ConfigMapping? Card { get; set; }

        /// <summary>Spending limits across resumes.</summary>
        public BudgetOptions? Budget { get; set; }

        /// <summary>Stop once this many samples are accepted.</summary>
        public TargetOptions? Target { get; set; }
    }

    private sealed class OutputSection
    {
        public string? Dir { get; set; }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Core.Contracts;
using MidTrain.Core.Failures;
using MidTrain.Core.Hashing;
using MidTrain.Core.Prompts;
using MidTrain.Core.Records;
using MidTrain.Generators.Backtranslation;
using MidTrain.Generators.Common;
using MidTrain.Generators.Dedup;
using MidTrain.Generators.Reporting;
using MidTrain.Generators.Teacher;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages;

/// <summary>
/// <c>generate: teacher</c> and <c>generate: backtranslation</c>: passages → samples through an <see cref="IGenerator"/>,
/// with near-duplicate filtering of the generated questions (duplicates go to rejected.jsonl naming the sample they
/// duplicate) and a generation report in the manifest. Each passage gets its own seed derived from the run seed and
/// the passage identity. Thread-safe.
/// </summary>
public sealed class GenerateStage : Stage<Passage, Sample>, IUsesPrompts
{
    private readonly IGenerator _generator;
    private readonly long _seed;
    private readonly NearDuplicateFilter? _dedup;
    private readonly GenerationReport _report = new();

    private GenerateStage(StageOptions options, IGenerator generator, long seed, NearDuplicateFilter? dedup)
        : base(options.Name, options.Concurrency, options.Capacity)
    {
        _generator = generator;
        _seed = seed;
        _dedup = dedup;
    }

    /// <inheritdoc />
    public IReadOnlyList<PromptTemplate> Prompts => _generator switch
    {
        TeacherGenerator teacher => [teacher.Prompt],
        BacktranslationGenerator backtranslation => backtranslation.Prompts,
        _ => [],
    };

    /// <summary>The generator kinds.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["teacher", "backtranslation"];

    /// <summary>Builds the stage from its spec.</summary>
    public static GenerateStage Create(StageSpec spec, StageBuildContext context)
    {
        var o = spec.Options;
        var kind = spec.ValueText ?? string.Empty;
        if (!Kinds.Contains(kind))
        {
            throw o.Error(spec.Kind, $"unknown generator '{kind}' (known: {string.Join(", ", Kinds)})");
        }

        var stageOptions = StageOptions.Read(spec, defaultConcurrency: 8);
        var models = context.Models ?? throw o.Error("model", "this run has no model registry");
        var modelName = o.GetString("model") ?? throw o.Error("model", "is required: the name of a model under models:");
        var model = ToGenerationModel(models.Get(modelName, o));
        var perPassage = o.GetInt("per_passage", kind == "backtranslation" ? 2 : 1, 1, 1000);
        var retries = o.GetInt("max_parse_retries", 2, 0, 10);
        var cap = o.Has("max_field_chars") ? o.GetInt("max_field_chars", 0, 1, 1_000_000) : (int?)null;
        PromptTemplate Load(string idOrPath)
        {
            var prompt = PromptLibrary.Load(idOrPath, context.Config.BaseDirectory);
            return cap is { } chars ? prompt.WithMaxFieldChars(chars) : prompt;
        }

        IGenerator generator;
        try
        {
            generator = kind == "teacher" ? CreateTeacher(o, Load, model, perPassage, retries) : CreateBacktranslation(o, context, Load, model, perPassage, retries);
        }
        catch (PromptException ex)
        {
            throw o.Error("prompt", ex.Message);
        }
        catch (ArgumentException ex)
        {
            throw o.Error(null, ex.Message);
        }

        NearDuplicateFilter? dedup = null;
        var dedupNode = o.Node("dedup");
        if (dedupNode is not YamlDotNet.RepresentationModel.YamlScalarNode { Value: "false" or "off" or "no" })
        {
            var map = dedupNode is YamlDotNet.RepresentationModel.YamlMappingNode ? o.GetMap("dedup") : null;
            var dedupOptions = new NearDuplicateOptions
            {
                Jaccard = map?.GetDouble("jaccard", 0.7, 0.01, 1) ?? 0.7,
                ShingleWords = map?.GetInt("shingle", 2, 1, 8) ?? 2,
            };
            map?.EnsureAllUsed();
            dedup = new NearDuplicateFilter(dedupOptions);
        }

        o.EnsureAllUsed();
        return new GenerateStage(stageOptions, generator, context.Seed, dedup);
    }

    private static GenerationModel ToGenerationModel(Models.ModelAccess access) => new(access.Client, access.ModelId, access.Fingerprint);

    private static TeacherGenerator CreateTeacher(ConfigMap o, Func<string, PromptTemplate> load, GenerationModel model, int perPassage, int retries)
    {
        var task = new TeacherTask
        {
            Name = o.GetString("task") ?? "grounded_qa",
            UserField = o.GetString("user_field"),
            AssistantField = o.GetString("assistant_field"),
        };
        var promptPath = o.GetString("prompt");
        var prompt = load(promptPath ?? $"teacher/{task.Name}");
        return new TeacherGenerator(new TeacherOptions { Task = task, Prompt = prompt, Model = model, PerPassage = perPassage, MaxParseRetries = retries });
    }

    private static BacktranslationGenerator CreateBacktranslation(ConfigMap o, StageBuildContext context, Func<string, PromptTemplate> load, GenerationModel model, int perPassage, int retries)
    {
        var axes = new List<SteeringAxis>();
        void Axis(string key, string name)
        {
            if (WeightedList(o, key) is { } values)
            {
                axes.Add(new SteeringAxis(name, values));
            }
        }

        Axis("languages", "language");
        Axis("personas", "persona");
        Axis("question_types", "question_type");
        Axis("difficulties", "difficulty");
        Axis("registers", "register");
        if (o.GetString("personas_file") is { } file)
        {
            if (axes.Any(a => a.Name == "persona"))
            {
                throw o.Error("personas_file", "give personas or personas_file, not both");
            }

            var path = context.Config.ResolvePath(file);
            if (!File.Exists(path))
            {
                throw o.Error("personas_file", $"file not found: {file}");
            }

            var personas = File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
            if (personas.Length == 0)
            {
                throw o.Error("personas_file", $"{file} holds no personas (one per line)");
            }

            axes.Add(SteeringAxis.Uniform("persona", personas));
        }

        var answer = o.GetChoice("answer", "passage", "passage", "teacher") == "teacher" ? AnswerMode.Teacher : AnswerMode.Passage;
        GenerationModel? answerModel = null;
        if (o.GetString("answer_model") is { } answerModelName)
        {
            answerModel = ToGenerationModel(context.Models!.Get(answerModelName, o, "answer_model"));
        }

        return new BacktranslationGenerator(new BacktranslationOptions
        {
            PerPassage = perPassage,
            Axes = axes,
            Answer = answer,
            QuestionPrompt = load(o.GetString("prompt") ?? "backtranslation/question"),
            AnswerPrompt = load(o.GetString("answer_prompt") ?? "backtranslation/answer"),
            Model = model,
            AnswerModel = answerModel,
            MaxParseRetries = retries,
        });
    }

    /// <summary>A list (equal weights) or a mapping value → weight.</summary>
    private static IReadOnlyList<(string, double)>? WeightedList(ConfigMap o, string key)
    {
        if (!o.Has(key))
        {
            return null;
        }

        if (o.Node(key) is YamlDotNet.RepresentationModel.YamlMappingNode)
        {
            var map = o.GetMap(key)!;
            var values = map.Keys.ToArray().Select(k => (k, map.GetDouble(k, 1, 1e-9, 1e9))).ToArray();
            return values.Length > 0 ? values : throw o.Error(key, "needs at least one value");
        }

        var list = o.GetStringList(key);
        return list is { Count: > 0 } ? list.Select(v => (v, 1.0)).ToArray() : throw o.Error(key, "needs at least one value");
    }

    /// <inheritdoc />
    protected override async ValueTask ProcessAsync(Passage payload, IStageOutput output, CancellationToken cancellationToken)
    {
        var seed = SeedDerivation.Derive(_seed, $"{payload.DocumentId}#{payload.Index.ToString(CultureInfo.InvariantCulture)}");
        var produced = 0;
        try
        {
            await foreach (var sample in _generator.GenerateAsync(payload, seed, cancellationToken).ConfigureAwait(false))
            {
                produced++;
                _report.AddSample(sample);
                var question = sample.Messages.FirstOrDefault(m => m.Role == Message.User)?.Content;
                if (_dedup is not null && question is not null && _dedup.Offer(question, sample.Id, out var duplicateOf) is var kind and not DuplicateKind.None)
                {
                    await output.RejectAsync(sample, new Rejection
                    {
                        Stage = Name,
                        By = "near_duplicate",
                        Reason = kind == DuplicateKind.Exact ? $"exact duplicate of sample {duplicateOf}" : $"near-duplicate of sample {duplicateOf} (word-shingle Jaccard ≥ threshold)",
                    }, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                await output.EmitAsync(sample, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (ItemFailureException ex) when (ex.Kind == "parse")
        {
            _report.AddParseFailure();
            throw;
        }
        finally
        {
            _report.AddPassage(produced);
        }
    }

    /// <inheritdoc />
    public override JsonObject Report() => _report.ToJson(_dedup);
}

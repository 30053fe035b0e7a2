using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;
using MidTrain.Core.Models;
using MidTrain.Core.Prompts;
using MidTrain.Judges.Rubric;
using MidTrain.Models;
using MidTrain.Orchestrator.Components;
using MidTrain.Orchestrator.Models;
using MidTrain.Verifiers.Code;
using MidTrain.Verifiers.Math;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// Builds a <see cref="RewardSet"/> from a rewards file: binds every key with the one binder (an unknown key or a bad
/// value is an error naming file, line and key), creates each verifier through its factory and each judge model through
/// the model registry, checks the combinations (known parts, no cycles) and the routing (a data source belongs to one
/// reward). Anything built is disposed when a later step fails. Not thread-safe (one build per call).
/// </summary>
internal sealed class RewardSetBuilder : IAsyncDisposable
{
    private const string CodeKind = "code";
    private static readonly string[] SpecialKinds = ["judge", "combine"];

    private readonly RewardsDocument _document;
    private readonly RewardRuntime _runtime;
    private readonly ComponentContext _context;
    private readonly ModelRegistry _models;
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<string, IReward> _built = new(StringComparer.Ordinal);
    private readonly HashSet<string> _building = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RewardOptions> _common = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _tinyModels = new(StringComparer.Ordinal);
    private RewardSet? _set;
    private IVerifier? _codeVerifier;

    private RewardSetBuilder(RewardsDocument document, RewardRuntime runtime, string baseDirectory)
    {
        _document = document;
        _runtime = runtime;
        _models = new ModelRegistry(document.Models, runtime.ModelFactory ?? ModelRegistry.Default(
            new ModelRuntimeOptions { LoggerFactory = runtime.LoggerFactory, TimeProvider = runtime.TimeProvider },
            path => ConfigPaths.Resolve(path, baseDirectory)));
        _owned.Add(_models);
        _context = new ComponentContext
        {
            BaseDirectory = baseDirectory,
            Seed = document.Seed,
            LoggerFactory = runtime.LoggerFactory,
            TimeProvider = runtime.TimeProvider,
            Catalog = BuiltInComponents.Catalog,
            Models = _models,
        };
    }

    /// <summary>Parses and builds; <paramref name="codeOptional"/> drops code rewards (with the reason kept) when the sandbox cannot start.</summary>
    public static RewardSet Build(string text, string file, RewardRuntime runtime, bool codeOptional)
    {
        if (runtime.Workers < 1 || runtime.ItemConcurrency < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(runtime), "workers and item concurrency must be at least 1");
        }

        if (YamlConfigReader.Parse(text, file) is not ConfigMapping root)
        {
            throw new ConfigException($"{file}:1: a rewards file must be a YAML mapping with rewards: (and optionally models:, sandbox:, default:)");
        }

        var document = OptionsBinder.Bind<RewardsDocument>(root);
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? Directory.GetCurrentDirectory();
        var builder = new RewardSetBuilder(document, runtime, baseDirectory);
        try
        {
            return builder.BuildCore(root, codeOptional);
        }
        catch
        {
            builder.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_set is not null)
        {
            return; // handed over
        }

        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    private RewardSet BuildCore(ConfigMapping root, bool codeOptional)
    {
        var definitions = _document.Rewards!;
        if (definitions.Count == 0)
        {
            throw root.ErrorAt("rewards", "define at least one reward: rewards: {NAME: {kind: math|code|citation|judge|combine, ...}}");
        }

        foreach (var (name, mapping) in definitions)
        {
            var common = new RewardOptions();
            OptionsBinder.BindInto(common, mapping, new HashSet<string>(StringComparer.Ordinal));
            _common[name] = common;
        }

        var codeNames = _common.Where(c => c.Value.Kind == CodeKind).Select(c => c.Key).ToList();
        var (sandbox, unavailable) = CreateSandbox(root, required: codeNames.Count > 0 && !codeOptional);
        var skipped = sandbox is null ? codeNames.ToHashSet(StringComparer.Ordinal) : [];
        foreach (var name in definitions.Keys.Where(n => !skipped.Contains(n)))
        {
            Build(name, definitions[name]);
        }

        var byDataSource = new Dictionary<string, IReward>(StringComparer.Ordinal);
        foreach (var (name, reward) in _built)
        {
            foreach (var source in _common[name].DataSources)
            {
                if (definitions.ContainsKey(source) && source != name)
                {
                    throw definitions[name].ErrorAt("data_sources", $"'{source}' is the name of another reward");
                }

                if (byDataSource.TryGetValue(source, out var other) && other != reward)
                {
                    throw definitions[name].ErrorAt("data_sources", $"'{source}' is already routed to reward '{other.Name}'");
                }

                byDataSource[source] = reward;
            }
        }

        IReward? fallback = null;
        if (_document.Default is { } defaultName && !_built.TryGetValue(defaultName, out fallback))
        {
            throw root.ErrorAt("default", $"'{defaultName}' is not a reward of this file (rewards: {string.Join(", ", definitions.Keys)})");
        }

        var infos = definitions.Keys.Where(_built.ContainsKey)
            .Select(n => new RewardInfo(n, _built[n].Kind, _common[n].DataSources, _built[n].RequiresGroundTruth))
            .ToArray();
        var byName = definitions.Keys.Where(_built.ContainsKey).ToDictionary(n => n, n => _built[n], StringComparer.Ordinal);
        _set = new RewardSet(byName, byDataSource, fallback, infos, sandbox, unavailable, _document.RunCode, [.. _tinyModels], _runtime, _owned);
        return _set;
    }

    /// <summary>The shared code verifier (and its sandbox), or the reason there is none.</summary>
    private (CodeSandbox? Sandbox, string? Unavailable) CreateSandbox(ConfigMapping root, bool required)
    {
        if (!required && !_document.RunCode && !_common.Values.Any(c => c.Kind == CodeKind))
        {
            return (null, "run_code is false in the rewards file and no reward is of kind code");
        }

        var factory = BuiltInComponents.Catalog.Find<IVerifierFactory>(CodeKind)
            ?? throw new InvalidOperationException("the code verifier is not in the component catalog");
        var mapping = _document.Sandbox ?? ConfigMapping.Empty(root.File, "sandbox");
        try
        {
            _codeVerifier = OptionsBinder.Located(mapping, () => factory.Create(OptionsBinder.Bind(factory.OptionsType, mapping), _context));
        }
        catch (ConfigException ex) when (!required && _document.Sandbox is null)
        {
            return (null, ex.Detail ?? ex.Message);
        }

        Own(_codeVerifier);
        var sandbox = ((_codeVerifier as StampingVerifier)?.InnerVerifier as CodeVerifier)?.Sandbox
            ?? throw new InvalidOperationException("the code verifier factory did not create a CodeVerifier");
        return (sandbox, null);
    }

    private IReward Build(string name, ConfigMapping mapping)
    {
        if (_built.TryGetValue(name, out var done))
        {
            return done;
        }

        if (!_building.Add(name))
        {
            throw mapping.ErrorAt("parts", $"combination cycle: reward '{name}' is part of itself");
        }

        var common = _common[name];
        var known = new HashSet<string>(OptionsBinder.KeysOf(typeof(RewardOptions)), StringComparer.Ordinal);
        T Bind<T>()
            where T : class, new()
        {
            var options = new T();
            known.UnionWith(OptionsBinder.KeysOf(typeof(T)));
            OptionsBinder.BindInto(options, mapping, new HashSet<string>(StringComparer.Ordinal));
            return options;
        }

        IReward reward;
        switch (common.Kind)
        {
            case "judge":
                reward = Judge(name, mapping, Bind<JudgeRewardOptions>(), Bind<RubricJudgeOptions>(), common);
                break;
            case "combine":
                reward = Combine(name, mapping, Bind<CombineRewardOptions>());
                break;
            case CodeKind:
                reward = new CodeReward(name, _codeVerifier!, Bind<CodeRewardOptions>(), common.InvalidScore);
                break;
            default:
                var factory = BuiltInComponents.Catalog.Find<IVerifierFactory>(common.Kind!)
                    ?? throw mapping.ErrorAt("kind", $"unknown kind '{common.Kind}' (kinds: {string.Join(", ", SpecialKinds.Concat(BuiltInComponents.Catalog.Names<IVerifierFactory>()).Order(StringComparer.Ordinal))})");
                var math = common.Kind == MathVerifier.VerifierName ? Bind<MathRewardOptions>() : null;
                known.UnionWith(OptionsBinder.KeysOf(factory.OptionsType));
                var verifierOptions = Activator.CreateInstance(factory.OptionsType)!;
                OptionsBinder.BindInto(verifierOptions, mapping, new HashSet<string>(StringComparer.Ordinal));
                var verifier = Own(OptionsBinder.Located(mapping, () => factory.Create(verifierOptions, _context)));
                reward = common.Kind switch
                {
                    MathVerifier.VerifierName => VerifierReward.Math(name, verifier, ((MathVerifierOptions)verifierOptions).GoldField, common.InvalidScore, math!.FormatPenalty),
                    Verifiers.Citation.CitationVerifier.VerifierName => VerifierReward.Citation(name, verifier, common.InvalidScore),
                    _ => VerifierReward.Generic(name, common.Kind!, verifier, common.InvalidScore),
                };
                break;
        }

        mapping.EnsureOnly(known);
        _building.Remove(name);
        _built[name] = reward;
        return reward;
    }

    private JudgeReward Judge(string name, ConfigMapping mapping, JudgeRewardOptions options, RubricJudgeOptions judgeOptions, RewardOptions common)
    {
        RubricCriterion criterion;
        try
        {
            criterion = RubricCriterion.Load(options.Criterion!, _context.BaseDirectory);
            var prompt = options.MaxFieldChars is { } chars ? criterion.Prompt.WithMaxFieldChars(chars) : criterion.Prompt;
            criterion = RubricCriterion.FromPrompt(_context.Record(prompt));
        }
        catch (PromptException ex)
        {
            throw mapping.ErrorAt("criterion", ex.Message);
        }

        var client = OptionsBinder.Located(mapping, () => _models.Get(options.Model!, "model"));
        if (ModelIdentity.Of(client).IsTinyTestModel)
        {
            _tinyModels.Add(options.Model!);
        }

        judgeOptions.JudgeName = options.Model!;
        judgeOptions.Seed = _document.Seed;
        var judge = OptionsBinder.Located(mapping, () => new RubricJudge(client, criterion, judgeOptions));
        return new JudgeReward(name, judge, common.InvalidScore);
    }

    private CombinedReward Combine(string name, ConfigMapping mapping, CombineRewardOptions options)
    {
        var definitions = _document.Rewards!;
        var parts = new List<(IReward, double)>(options.Parts.Count);
        foreach (var part in options.Parts)
        {
            if (!definitions.TryGetValue(part.Reward!, out var partMapping))
            {
                throw mapping.ErrorAt("parts", $"'{part.Reward}' is not a reward of this file (rewards: {string.Join(", ", definitions.Keys)})");
            }

            if (_common[part.Reward!].Kind == CodeKind && _codeVerifier is null)
            {
                throw mapping.ErrorAt("parts", $"'{part.Reward}' is a code reward and the code sandbox is unavailable");
            }

            parts.Add((Build(part.Reward!, partMapping), part.Weight));
        }

        return new CombinedReward(name, parts, (reward, item, token) => _set!.ScoreAsync(reward, item, token));
    }

    private IVerifier Own(IVerifier verifier)
    {
        switch (verifier)
        {
            case IAsyncDisposable asyncDisposable:
                _owned.Add(asyncDisposable);
                break;
            case IDisposable disposable:
                _owned.Add(new DisposableAdapter(disposable));
                break;
        }

        return verifier;
    }

    private sealed class DisposableAdapter(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

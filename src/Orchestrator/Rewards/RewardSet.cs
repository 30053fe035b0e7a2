using MidTrain.Core.Configuration;
using MidTrain.Verifiers.Code;

namespace MidTrain.Orchestrator.Rewards;

/// <summary>
/// The rewards of one rewards file, ready to score: built once (verifiers through their factories, judge models through
/// the model layer, one code sandbox pool for every code reward and <c>/run_code</c>), then used by any number of
/// requests at once. Routes an item by its <c>reward</c>, else its <c>data_source</c> (a reward's name or one of its
/// <c>data_sources</c>), else the file's <c>default</c>. CPU-bound checks (math, citation) run on at most
/// <see cref="RewardRuntime.Workers"/> threads at once across all callers; code waits on the sandbox pool and judges on
/// their model's concurrency limit. Thread-safe; dispose once when no request uses it any more.
/// </summary>
public sealed class RewardSet : IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, IReward> _byName;
    private readonly IReadOnlyDictionary<string, IReward> _byDataSource;
    private readonly IReward? _default;
    private readonly SemaphoreSlim _cpu;
    private readonly int _itemConcurrency;
    private readonly IReadOnlyList<IAsyncDisposable> _owned;

    internal RewardSet(
        IReadOnlyDictionary<string, IReward> byName,
        IReadOnlyDictionary<string, IReward> byDataSource,
        IReward? defaultReward,
        IReadOnlyList<RewardInfo> rewards,
        CodeSandbox? sandbox,
        string? sandboxUnavailable,
        bool servesRunCode,
        IReadOnlyList<string> tinyTestModels,
        RewardRuntime runtime,
        IReadOnlyList<IAsyncDisposable> owned)
    {
        _byName = byName;
        _byDataSource = byDataSource;
        _default = defaultReward;
        Rewards = rewards;
        Sandbox = sandbox;
        SandboxUnavailable = sandboxUnavailable;
        ServesRunCode = servesRunCode && sandbox is not null;
        TinyTestModels = tinyTestModels;
        _cpu = new SemaphoreSlim(runtime.Workers, runtime.Workers);
        _itemConcurrency = runtime.ItemConcurrency;
        _owned = owned;
    }

    /// <summary>The configured rewards, in file order.</summary>
    public IReadOnlyList<RewardInfo> Rewards { get; }

    /// <summary>The reward of items that name none, or null.</summary>
    public string? DefaultReward => _default?.Name;

    /// <summary>The code sandbox shared by the code rewards and <c>/run_code</c>, or null (see <see cref="SandboxUnavailable"/>).</summary>
    public CodeSandbox? Sandbox { get; }

    /// <summary>Why there is no sandbox (no bubblewrap, <c>run_code: false</c> and no code reward…), or null.</summary>
    public string? SandboxUnavailable { get; }

    /// <summary>
    /// Whether <c>/run_code</c> is served: the file does not say <c>run_code: false</c> and the sandbox is available.
    /// </summary>
    public bool ServesRunCode { get; }

    /// <summary>The judge models that are the built-in tiny random-weight test model (their scores are meaningless).</summary>
    public IReadOnlyList<string> TinyTestModels { get; }

    /// <summary>Loads a rewards file.</summary>
    /// <exception cref="ConfigException">The file is missing, not YAML, or has a bad key (the message names file, line and key).</exception>
    public static RewardSet Load(string path, RewardRuntime? runtime = null)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"{path}: rewards file not found");
        }

        return Parse(File.ReadAllText(path), path, runtime);
    }

    /// <summary>Builds the rewards of YAML <paramref name="text"/> as if read from <paramref name="file"/>.</summary>
    /// <exception cref="ConfigException">Invalid YAML or a bad key.</exception>
    public static RewardSet Parse(string text, string file, RewardRuntime? runtime = null) =>
        RewardSetBuilder.Build(text, file, runtime ?? new RewardRuntime(), codeOptional: false);

    /// <summary>
    /// The rewards served without a file: <c>math</c>, <c>citation</c> and (where the sandbox can start) <c>code</c>,
    /// each with its defaults and routed by name.
    /// </summary>
    public static RewardSet Default(RewardRuntime? runtime = null) =>
        RewardSetBuilder.Build("rewards:\n  math: {kind: math}\n  citation: {kind: citation}\n  code: {kind: code}\n", "(built-in rewards)", runtime ?? new RewardRuntime(), codeOptional: true);

    /// <summary>Scores <paramref name="item"/> with the reward it routes to.</summary>
    /// <exception cref="ArgumentException">The item routes to no reward, or lacks the ground truth its reward needs.</exception>
    public ValueTask<RewardResult> ScoreAsync(RewardItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var route = Route(item);
        if (route.Reward is not { } reward)
        {
            throw new ArgumentException($"{route.Field}: {route.Error}", nameof(item));
        }

        if (reward.RequiresGroundTruth && item.GroundTruth is null)
        {
            throw new ArgumentException($"ground_truth: reward '{reward.Name}' ({reward.Kind}) needs a ground_truth", nameof(item));
        }

        return ScoreAsync(reward, item, cancellationToken);
    }

    /// <summary>
    /// Scores every item (already routed) concurrently — CPU-bound ones on the workers, the others as far as their
    /// pools allow — and returns the results in item order.
    /// </summary>
    internal async Task<RewardResult[]> ScoreBatchAsync(IReadOnlyList<(IReward Reward, RewardItem Item)> items, CancellationToken cancellationToken)
    {
        var results = new RewardResult[items.Count];
        if (items.Count == 1)
        {
            results[0] = await ScoreAsync(items[0].Reward, items[0].Item, cancellationToken).ConfigureAwait(false);
            return results;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Min(items.Count, _itemConcurrency), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), options, async (i, token) =>
            results[i] = await ScoreAsync(items[i].Reward, items[i].Item, token).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <summary>The reward <paramref name="item"/> goes to, or the field that could not be routed.</summary>
    internal RewardRoute Route(RewardItem item)
    {
        if (item.Reward is { } name)
        {
            return _byName.TryGetValue(name, out var named)
                ? new RewardRoute(named, null, null)
                : new RewardRoute(null, "reward", $"unknown reward '{name}' (configured: {string.Join(", ", _byName.Keys)})");
        }

        if (item.DataSource is { } source && (_byName.TryGetValue(source, out var reward) || _byDataSource.TryGetValue(source, out reward)))
        {
            return new RewardRoute(reward, null, null);
        }

        if (_default is not null)
        {
            return new RewardRoute(_default, null, null);
        }

        return item.DataSource is { } unknown
            ? new RewardRoute(null, "data_source", $"no reward takes data_source '{unknown}' (rewards: {string.Join(", ", _byName.Keys)}{DataSourceList()}) and the rewards file sets no default")
            : new RewardRoute(null, "data_source", "is required: give data_source or reward (the rewards file sets no default)");
    }

    /// <summary>The reward named <paramref name="name"/>, or null.</summary>
    internal IReward? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>Scores with <paramref name="reward"/>, on a worker when it is CPU-bound.</summary>
    internal async ValueTask<RewardResult> ScoreAsync(IReward reward, RewardItem item, CancellationToken cancellationToken)
    {
        if (!reward.IsCpuBound)
        {
            return await reward.ScoreAsync(item, cancellationToken).ConfigureAwait(false);
        }

        await _cpu.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await reward.ScoreAsync(item, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _cpu.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned.Reverse())
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }

        _cpu.Dispose();
    }

    private string DataSourceList() =>
        _byDataSource.Count == 0 ? string.Empty : "; data_sources: " + string.Join(", ", _byDataSource.Keys);
}

using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Config;

namespace MidTrain.Orchestrator.Stages;

/// <summary>
/// The keys of one stage mapping as a factory binds them: several options objects may share the mapping (the stage's
/// own, a generator's, a verifier's); <see cref="EnsureNoOtherKeys"/> then reports the first key none of them knows.
/// One per stage creation; not thread-safe.
/// </summary>
public sealed class StageBinding
{
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    internal StageBinding(StageSpec spec, StageOptions common, int defaultConcurrency)
    {
        Spec = spec;
        Bind(common);
        Name = common.Name ?? spec.DisplayName;
        Concurrency = common.Concurrency ?? defaultConcurrency;
        Capacity = common.Capacity;
    }

    /// <summary>The stage's spec.</summary>
    public StageSpec Spec { get; }

    /// <summary>The stage's keys (the kind's inline mapping merged in).</summary>
    public ConfigMapping Settings => Spec.Settings;

    /// <summary>The display name.</summary>
    public string Name { get; }

    /// <summary>Items processed at once.</summary>
    public int Concurrency { get; }

    /// <summary>The input channel capacity (0: 2 × concurrency).</summary>
    public int Capacity { get; }

    /// <summary>Binds a new <typeparamref name="T"/> from the stage's keys (its unknown keys are left for others).</summary>
    public T Bind<T>()
        where T : class, new() => (T)Bind(typeof(T));

    /// <summary>Binds a new <paramref name="type"/> from the stage's keys.</summary>
    public object Bind(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var options = Activator.CreateInstance(type) ?? throw new InvalidOperationException($"cannot create {type.Name}");
        Bind(options);
        return options;
    }

    /// <summary>Marks <paramref name="key"/> as known (read by the factory itself).</summary>
    public void Consume(string key) => _known.Add(key);

    /// <summary>Throws for the first key that no bound options type knows, naming the known keys.</summary>
    public void EnsureNoOtherKeys() => Settings.EnsureOnly(_known);

    private void Bind(object options)
    {
        _known.UnionWith(OptionsBinder.KeysOf(options.GetType()));
        OptionsBinder.BindInto(options, Settings, new HashSet<string>(StringComparer.Ordinal));
    }

    /// <summary>An error located at <paramref name="key"/> of this stage (at the kind key when null).</summary>
    public ConfigException Error(string? key, string message) =>
        key is null ? Spec.Mapping.ErrorAt(Spec.Kind, message) : Settings.ErrorAt(key, message);
}

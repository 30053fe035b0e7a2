using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Core.Configuration;
using MidTrain.Core.Prompts;

namespace MidTrain.Core.Components;

/// <summary>
/// What a component factory may use while it builds a component: paths, the run seed, logging, time, the run's
/// models, and prompts (every prompt loaded through <see cref="LoadPrompt"/> is recorded for the manifest, so the
/// orchestrator never needs to know which component uses which prompt). One per run; thread-safe.
/// </summary>
public sealed class ComponentContext
{
    private readonly ConcurrentDictionary<string, PromptTemplate> _prompts = new(StringComparer.Ordinal);

    /// <summary>The directory relative paths in the configuration are resolved against (the pipeline file's folder).</summary>
    public string BaseDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>The run seed (components derive per-item seeds from it).</summary>
    public long Seed { get; init; }

    /// <summary>Logging.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>The clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>The component factories available (stage kinds look up the generator or verifier a stage names here).</summary>
    public ComponentCatalog Catalog { get; init; } = new([]);

    /// <summary>The run's models, or null where there are none (the file commands).</summary>
    public IModelCatalog? Models { get; init; }

    /// <summary>The run directory, or null outside a run.</summary>
    public string? RunDirectory { get; init; }

    /// <summary>The prompts loaded so far (id → template), for the manifest.</summary>
    public IReadOnlyCollection<PromptTemplate> PromptsUsed => _prompts.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray();

    /// <summary>The models, or an error naming <paramref name="key"/> when this context has none.</summary>
    public IModelCatalog RequireModels(string key = "model") =>
        Models ?? throw new OptionsValidationException(key, "models are not available here (only in a pipeline run with a models: section)");

    /// <summary>Resolves a path from the configuration (see <see cref="ConfigPaths.Resolve"/>).</summary>
    public string ResolvePath(string path) => ConfigPaths.Resolve(path, BaseDirectory);

    /// <summary>Loads a prompt (a file path or a built-in id) and records it; errors name <paramref name="key"/>.</summary>
    /// <exception cref="OptionsValidationException">The prompt is missing or invalid.</exception>
    public PromptTemplate LoadPrompt(string idOrPath, string key = "prompt")
    {
        PromptTemplate prompt;
        try
        {
            prompt = PromptLibrary.Load(idOrPath, BaseDirectory);
        }
        catch (PromptException ex)
        {
            throw new OptionsValidationException(key, ex.Message);
        }

        _prompts.TryAdd(prompt.Id + "@" + prompt.Sha256, prompt);
        return prompt;
    }

    /// <summary>Records a prompt derived from a loaded one (e.g. with bounded field lengths), so its hash is in the manifest.</summary>
    public PromptTemplate Record(PromptTemplate prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        _prompts.TryAdd(prompt.Id + "@" + prompt.Sha256, prompt);
        return prompt;
    }
}

using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Prompts;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages;

/// <summary>
/// Base of stage factories: takes the kind's name and summary in its constructor, binds the common keys (<see cref="StageOptions"/>) and <typeparamref name="TOptions"/> from
/// the stage mapping, lets the derived factory create the stage (binding any component options it selects through
/// <see cref="StageBinding"/>), then refuses keys nobody knew. Errors thrown as <see cref="OptionsValidationException"/>
/// or <see cref="ArgumentException"/> while creating are located at the stage's keys. Stateless and thread-safe.
/// </summary>
/// <typeparam name="TOptions">The stage kind's own options.</typeparam>
/// <param name="name">The stage kind's key in a pipeline.</param>
/// <param name="summary">One line for <c>midtrain list</c>.</param>
public abstract class StageFactory<TOptions>(string name, string summary) : ComponentKind<TOptions>(name, summary), IStageFactory
    where TOptions : class, new()
{
    /// <summary>Items processed at once when the stage sets no <c>concurrency</c>.</summary>
    protected virtual int DefaultConcurrency => 1;

    /// <inheritdoc />
    public Stage Create(StageSpec spec, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(context);
        var binding = new StageBinding(spec, new StageOptions(), DefaultConcurrency);
        var options = binding.Bind<TOptions>();
        Stage stage;
        try
        {
            stage = OptionsBinder.Located(spec.Settings, () => Create(binding, options, context));
        }
        catch (PromptException ex)
        {
            // A prompt named by the stage (its own prompt key, else the kind's value such as a judge criterion).
            throw binding.Error(spec.Settings.ContainsKey("prompt") ? "prompt" : null, ex.Message);
        }

        try
        {
            binding.EnsureNoOtherKeys();
        }
        catch (ConfigException)
        {
            stage.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }

        return stage;
    }

    /// <summary>Creates the stage from bound <paramref name="options"/>.</summary>
    protected abstract Stage Create(StageBinding binding, TOptions options, ComponentContext context);
}

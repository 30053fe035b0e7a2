using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Core.Records;
using MidTrain.Datasets.Cards;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Corpus;
using MidTrain.Orchestrator.Models;
using MidTrain.Orchestrator.Pipeline;
using MidTrain.Orchestrator.Stages;

namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// Runs one pipeline end to end: run directory (fresh or resumed), stages, corpus source (limit, shard, resume skip),
/// engine, manifest and dataset card. Used by <c>midtrain run</c>, tests and benchmarks. One runner per run.
/// </summary>
public sealed class PipelineRunner
{
    private readonly RunRequest _request;
    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _time;
    private readonly Func<string, ConfigMap, ModelAccess> _modelFactory;

    /// <summary>Creates a runner for <paramref name="request"/>.</summary>
    /// <param name="request">What to run.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="timeProvider">Clock for the manifest.</param>
    /// <param name="modelFactory">Builds a model from its <c>models:</c> entry (default: the model layer; tests pass fakes).</param>
    public PipelineRunner(RunRequest request, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, Func<string, ConfigMap, ModelAccess>? modelFactory = null)
    {
        _request = request;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _modelFactory = modelFactory ?? ((name, definition) => ModelBinding.Create(name, definition, request.Config, request.CacheDirectory ?? Path.Combine(request.RunDirectory, RunFiles.Cache), _loggerFactory));
    }

    /// <summary>Raised once when a model is created (the CLI warns about the tiny test model).</summary>
    public event Action<ModelAccess>? ModelCreated;

    /// <summary>The engine, once the run has started (for progress display).</summary>
    public PipelineEngine? Engine { get; private set; }

    /// <summary>The corpus reader, once the run has started (for progress display).</summary>
    public CorpusReader? Corpus { get; private set; }

    /// <summary>Records finished by earlier runs (resume).</summary>
    public long PriorDone { get; private set; }

    /// <summary>Runs the pipeline. Configuration problems return exit code 2; faults and cancellation return 3.</summary>
    /// <param name="drain">Stop reading input and finish what is in flight.</param>
    /// <param name="cancellationToken">Stop everything now.</param>
    public async Task<RunOutcome> RunAsync(CancellationToken drain = default, CancellationToken cancellationToken = default)
    {
        var config = _request.Config;
        var runPath = _request.RunDirectory;
        RunDirectory run;
        try
        {
            run = _request.Resume ? RunDirectory.OpenForResume(runPath) : RunDirectory.CreateFresh(runPath);
        }
        catch (InvalidOperationException ex)
        {
            return new RunOutcome(RunStatus.Invalid, ex.Message, null);
        }

        using (run)
        {
            var previous = run.ReadManifest();
            if (run.Resumed && previous?["config_sha256"]?.GetValue<string>() is { } previousSha && previousSha != config.Sha256)
            {
                return new RunOutcome(RunStatus.Invalid, $"--resume: {config.File} changed since the run in '{runPath}' started (config sha256 {previousSha[..12]}… → {config.Sha256[..12]}…); resuming would mix two pipelines", null);
            }

            if (run.Resumed && previous?["seed"] is { } previousSeed && previousSeed.GetValue<long>() != _request.EffectiveSeed)
            {
                return new RunOutcome(RunStatus.Invalid, $"--resume: the seed differs from the run in '{runPath}' ({previousSeed} → {_request.EffectiveSeed})", null);
            }

            var resumes = (previous?["resumes"]?.GetValue<int>() ?? -1) + 1;
            PriorDone = run.PriorDone;

            IReadOnlyList<Stage> stages = [];
            CorpusReader corpus;
            await using var models = new ModelRegistry(config.Models, (name, definition) =>
            {
                var model = _modelFactory(name, definition);
                ModelCreated?.Invoke(model);
                return model;
            });
            try
            {
                corpus = new CorpusReader(new CorpusOptions
                {
                    Path = config.ResolvePath(config.Input.Path),
                    IdField = config.Input.IdField,
                    TextField = config.Input.TextField,
                    MaxRecordBytes = config.Input.MaxRecordBytes,
                }, _loggerFactory.CreateLogger<CorpusReader>());
                stages = StageFactory.BuildAll(new StageBuildContext
                {
                    Config = config,
                    Seed = _request.EffectiveSeed,
                    RunDirectory = runPath,
                    LoggerFactory = _loggerFactory,
                    Models = models,
                });
                if (PipelineEngine.ValidateChain(stages, typeof(Document)) is { } chainError)
                {
                    throw new ConfigException($"{config.File}: {chainError}");
                }
            }
            catch (FileNotFoundException ex)
            {
                return new RunOutcome(RunStatus.Invalid, $"{config.File}: key 'input.path': {ex.Message}", null);
            }
            catch (ConfigException ex)
            {
                await DisposeAll(stages).ConfigureAwait(false);
                return new RunOutcome(RunStatus.Invalid, ex.Message, null);
            }
            catch (Core.Prompts.PromptException ex)
            {
                await DisposeAll(stages).ConfigureAwait(false);
                return new RunOutcome(RunStatus.Invalid, ex.Message, null);
            }

            Corpus = corpus;
            var engine = new PipelineEngine(stages);
            Engine = engine;
            var started = _time.GetUtcNow();
            if (previous?["started_at"]?.GetValue<string>() is { } firstStart && DateTimeOffset.TryParse(firstStart, out var parsed))
            {
                started = parsed;
            }

            JsonObject Manifest(string status, PipelineResult? result) => RunManifest.Build(
                _request, status, started, status == "running" ? null : _time.GetUtcNow(), corpus.Files,
                (run.PriorCounts.Accepted + engine.Written.Accepted, run.PriorCounts.Rejected + engine.Written.Rejected, run.PriorCounts.Failed + engine.Written.Failed),
                engine.RecordsRead, run.PriorDone + (result?.RecordsDone ?? 0), engine.Counters, stages, resumes,
                new JsonObject { ["models"] = models.ToManifest(), ["prompts"] = PromptsOf(stages) });

            run.WriteManifest(Manifest("running", null));
            var onBadInput = _request.OnBadInput ?? config.OnBadInput;
            var badInput = new BadInputGate(onBadInput == "fail");
            try
            {
                var result = await engine.RunAsync(Source(corpus, run, badInput), run, drain, cancellationToken).ConfigureAwait(false);
                run.FlushToDisk();
                if (stages.OfType<JudgeStage>().Any())
                {
                    JudgementLabels.Write(runPath);
                }

                var status = result.Outcome == PipelineOutcome.Drained ? "interrupted" : "completed";
                var manifest = Manifest(status, result);
                run.WriteManifest(manifest);
                RunCard.Write(runPath, manifest);
                var counts = manifest["counts"]!;
                var summary = $"{status}: {counts["records_read"]} records read, {counts["accepted"]} accepted, {counts["rejected"]} rejected, {counts["failed"]} failed → {runPath}";
                if (result.Outcome == PipelineOutcome.Drained)
                {
                    return new RunOutcome(RunStatus.Interrupted, summary + " (interrupted: continue with --resume)", result);
                }

                return new RunOutcome(counts["failed"]!.GetValue<long>() > 0 ? RunStatus.CompletedWithFailures : RunStatus.Completed, summary, result);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                run.WriteManifest(Manifest("cancelled", null));
                return new RunOutcome(RunStatus.Cancelled, $"cancelled: finished records are journaled; continue with --resume → {runPath}", null);
            }
            catch (Exception ex)
            {
                TryWriteManifest(run, () => Manifest("aborted", null));
                var message = ex is BadInputException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
                return new RunOutcome(RunStatus.Aborted, $"aborted: {message} (finished records are journaled; fix and continue with --resume)", null);
            }
            finally
            {
                await DisposeAll(stages).ConfigureAwait(false);
            }
        }
    }

    private static async Task DisposeAll(IReadOnlyList<Stage> stages)
    {
        foreach (var stage in stages)
        {
            await stage.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static JsonObject PromptsOf(IReadOnlyList<Stage> stages)
    {
        var prompts = new JsonObject();
        foreach (var stage in stages.OfType<IUsesPrompts>())
        {
            foreach (var prompt in stage.Prompts)
            {
                prompts[prompt.Id] = new JsonObject { ["source"] = prompt.Source, ["sha256"] = prompt.Sha256 };
            }
        }

        return prompts;
    }

    private static void TryWriteManifest(RunDirectory run, Func<JsonObject> manifest)
    {
        try
        {
            run.WriteManifest(manifest());
        }
        catch (IOException)
        {
            // The original fault is what the user needs to see.
        }
    }

    private IEnumerable<SourceRecord> Source(CorpusReader corpus, RunDirectory run, BadInputGate badInput)
    {
        long taken = 0;
        foreach (var record in corpus.Read())
        {
            if (_request.Limit is { } limit && taken >= limit)
            {
                yield break;
            }

            taken++;
            if (_request.Shard is { } shard && !shard.Owns(record.Root.Key))
            {
                continue;
            }

            if (run.IsDone(record.Root.Key))
            {
                continue;
            }

            if (record.Error is not null)
            {
                badInput.Check(record.Error);
            }

            yield return record;
        }
    }

    private sealed class BadInputGate(bool fail)
    {
        public void Check(ItemFailure error)
        {
            if (fail)
            {
                throw new BadInputException($"bad input (--on-bad-input fail): {error.Message}");
            }
        }
    }

    private sealed class BadInputException(string message) : Exception(message);
}

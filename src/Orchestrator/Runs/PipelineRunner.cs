using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.AI;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Models;
using MidTrain.Core.Records;
using MidTrain.Models;
using MidTrain.Orchestrator.Components;
using MidTrain.Datasets.Cards;
using MidTrain.Orchestrator.Config;
using MidTrain.Orchestrator.Corpus;
using MidTrain.Orchestrator.Models;
using MidTrain.Orchestrator.Pipeline;
using MidTrain.Orchestrator.Stages;
using MidTrain.Orchestrator.Stages.Generate;

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
    private readonly Func<string, ConfigMapping, IChatClient> _modelFactory;

    /// <summary>Creates a runner for <paramref name="request"/>.</summary>
    /// <param name="request">What to run.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="timeProvider">Clock for the manifest.</param>
    /// <param name="modelFactory">Builds a model from its <c>models:</c> entry (default: the model layer; tests pass fakes).</param>
    public PipelineRunner(RunRequest request, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, Func<string, ConfigMapping, IChatClient>? modelFactory = null)
    {
        _request = request;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = timeProvider ?? TimeProvider.System;
        var cache = request.CacheDirectory ?? Path.Combine(request.RunDirectory, RunFiles.Cache);
        _modelFactory = modelFactory ?? ModelRegistry.Default(
            new ModelRuntimeOptions { CacheDirectory = cache, ModelDirectory = Path.Combine(cache, "tiny-models"), LoggerFactory = _loggerFactory, TimeProvider = _time },
            request.Config.ResolvePath);
    }

    /// <summary>Raised once when a model is created (the CLI warns about the tiny test model).</summary>
    public event Action<ModelIdentity>? ModelCreated;

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
            CorpusOptions corpusOptions;
            await using var models = new ModelRegistry(config.Models, _modelFactory);
            models.ModelCreated += identity => ModelCreated?.Invoke(identity);
            var context = new ComponentContext
            {
                BaseDirectory = config.BaseDirectory,
                Seed = _request.EffectiveSeed,
                LoggerFactory = _loggerFactory,
                TimeProvider = _time,
                Models = models,
                RunDirectory = runPath,
                Catalog = BuiltInComponents.Catalog,
            };
            try
            {
                corpusOptions = new CorpusOptions
                {
                    Path = config.ResolvePath(config.Input.Path),
                    IdField = config.Input.IdField,
                    TextField = config.Input.TextField,
                    MaxRecordBytes = config.Input.MaxRecordBytes,
                };
                corpus = new CorpusReader(corpusOptions, _loggerFactory.CreateLogger<CorpusReader>());
                stages = PipelineStages.Build(config.Stages, context);
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

            Corpus = corpus;
            var engine = new PipelineEngine(stages);
            Engine = engine;
            var started = _time.GetUtcNow();
            if (previous?["started_at"]?.GetValue<string>() is { } firstStart && DateTimeOffset.TryParse(firstStart, out var parsed))
            {
                started = parsed;
            }

            var settling = stages.OfType<IRunLevelDecisions>().ToList();
            var settled = SettlementResult.None;
            JsonObject? settlement = null;
            if (run.Resumed && settling.Count > 0)
            {
                // Decisions that depend on every sample (near-duplicate clusters) take in what earlier runs wrote.
                foreach (var sample in RunSettlement.Samples(runPath))
                {
                    foreach (var stage in settling)
                    {
                        stage.Restore(sample);
                    }
                }
            }

            JsonObject Manifest(string status, PipelineResult? result)
            {
                var moved = settled.FromAccepted + settled.FromFailed;
                var extra = new JsonObject { ["models"] = models.ToManifest(), ["prompts"] = PromptsOf(context) };
                if (settlement is not null)
                {
                    extra["settlement"] = settlement.DeepClone();
                }

                return RunManifest.Build(
                    _request, status, started, status == "running" ? null : _time.GetUtcNow(), corpus.Files,
                    (run.PriorCounts.Accepted + engine.Written.Accepted - settled.FromAccepted, run.PriorCounts.Rejected + engine.Written.Rejected + moved, run.PriorCounts.Failed + engine.Written.Failed - settled.FromFailed),
                    engine.RecordsRead, run.PriorDone + (result?.RecordsDone ?? 0), engine.Counters, stages, resumes, extra);
            }

            run.WriteManifest(Manifest("running", null));
            var onBadInput = _request.OnBadInput ?? config.OnBadInput;
            var badInput = new BadInputGate(onBadInput == "fail");
            try
            {
                var result = await engine.RunAsync(Source(corpus, corpusOptions, run, badInput, cancellationToken), run, drain, cancellationToken).ConfigureAwait(false);
                run.FlushToDisk();
                if (result.Outcome != PipelineOutcome.Drained && settling.Count > 0)
                {
                    (settled, settlement) = Settle(run, settling, cancellationToken);
                }

                if (stages.OfType<Stages.Judge.JudgeStage>().Any())
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

    /// <summary>Applies the run-level decisions (every input record is done) to the outputs, crash-safely.</summary>
    private static (SettlementResult Result, JsonObject Report) Settle(RunDirectory run, IReadOnlyList<IRunLevelDecisions> settling, CancellationToken cancellationToken)
    {
        var rejections = new Dictionary<string, Rejection>(StringComparer.Ordinal);
        foreach (var stage in settling)
        {
            foreach (var (id, rejection) in stage.Settle())
            {
                rejections.TryAdd(id, rejection);
            }
        }

        run.CloseOutputs();
        var stageName = settling[0].Name;
        var result = RunSettlement.Apply(run.Path, rejections, id => NearDuplicateRejections.Of(stageName, id, exact: true), cancellationToken);
        var report = new JsonObject
        {
            ["moved_from_accepted"] = result.FromAccepted,
            ["moved_from_failed"] = result.FromFailed,
            ["relabelled"] = result.Relabelled,
        };
        foreach (var stage in settling)
        {
            report[stage.Name] = stage.SettlementReport();
        }

        return (result, report);
    }

    private static async Task DisposeAll(IReadOnlyList<Stage> stages)
    {
        foreach (var stage in stages)
        {
            await stage.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static JsonObject PromptsOf(ComponentContext context)
    {
        var prompts = new JsonObject();
        foreach (var prompt in context.PromptsUsed)
        {
            prompts[prompt.Id] = new JsonObject { ["source"] = prompt.Source, ["sha256"] = prompt.Sha256 };
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

    private IEnumerable<SourceRecord> Source(CorpusReader corpus, CorpusOptions corpusOptions, RunDirectory run, BadInputGate badInput, CancellationToken cancellationToken)
    {
        // input.sample: a first pass over the corpus picks the sample (bottom-n keys of hash(seed, record key)); the
        // second pass below admits only its records. --limit N then means the N records of the sample with the
        // smallest keys (a uniform sample nested in the full one), not the first N records of the file.
        CorpusSampler? sample = null;
        if (_request.Config.Input.Sample is { } sampling)
        {
            var size = Math.Min(sampling.N, _request.Limit ?? long.MaxValue);
            var seed = sampling.Seed ?? _request.EffectiveSeed;
            var logger = _loggerFactory.CreateLogger<CorpusSampler>();
            logger.LogInformation("input.sample: choosing {Size} records (seed {Seed}) from {Path}", size, seed, corpusOptions.Path);
            sample = CorpusSampler.Select(new CorpusReader(corpusOptions).Read(), size, seed, cancellationToken);
            logger.LogInformation("input.sample: {Selected} of {Scanned} records selected", sample.Selected, sample.Scanned);
        }

        long taken = 0;
        foreach (var record in corpus.Read())
        {
            if (sample is not null)
            {
                if (!sample.Contains(record.Root.Key))
                {
                    continue;
                }
            }
            else if (_request.Limit is { } limit && taken >= limit)
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

using System.Runtime.CompilerServices;
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
using MidTrain.Orchestrator.Limits;
using MidTrain.Orchestrator.Models;
using MidTrain.Orchestrator.Pipeline;
using MidTrain.Orchestrator.Stages;
using MidTrain.Orchestrator.Stages.Generate;

namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// Runs one pipeline end to end: run directory (fresh or resumed), stages, corpus source (limit, shard, resume skip,
/// budget and target), engine, manifest (rewritten every few seconds while running, so spending survives a crash) and
/// dataset card. Used by <c>midtrain run</c>, tests and benchmarks. One runner per run.
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
    /// <param name="timeProvider">Clock and timers of the run: manifest times and rewrites, checkpoints, the wall budget and how often limits are checked.</param>
    /// <param name="modelFactory">Builds a model from its <c>models:</c> entry (default: the model layer; tests pass fakes).</param>
    public PipelineRunner(RunRequest request, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null, Func<string, ConfigMapping, IChatClient>? modelFactory = null)
    {
        _request = request;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _time = timeProvider ?? TimeProvider.System;
        var cache = request.CacheDirectory ?? Path.Combine(request.RunDirectory, RunFiles.Cache);
        _modelFactory = modelFactory ?? ModelRegistry.Default(
            new ModelRuntimeOptions { CacheDirectory = cache, ModelDirectory = Path.Combine(cache, "tiny-models"), StateDirectory = request.RunDirectory, LoggerFactory = _loggerFactory, TimeProvider = _time },
            request.Config.ResolvePath);
    }

    /// <summary>What this runner runs.</summary>
    public RunRequest Request => _request;

    /// <summary>Raised once when a model is created (the CLI warns about the tiny test model).</summary>
    public event Action<ModelIdentity>? ModelCreated;

    /// <summary>The engine, once the run has started (for progress display).</summary>
    public PipelineEngine? Engine { get; private set; }

    /// <summary>The corpus reader, once the run has started (for progress display).</summary>
    public CorpusReader? Corpus { get; private set; }

    /// <summary>Records finished by earlier runs (resume).</summary>
    public long PriorDone { get; private set; }

    /// <summary>The run's models, once the run has started (for progress display).</summary>
    public ModelRegistry? Models { get; private set; }

    /// <summary>Usage and cost across sessions, once the run has started (for progress display).</summary>
    public UsageLedger? Ledger { get; private set; }

    /// <summary>The budget and target, once the run has started (for progress display).</summary>
    public RunLimits? Limits { get; private set; }

    /// <summary>How often the manifest is rewritten while the run goes on (default 5 s).</summary>
    public TimeSpan ManifestInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs the pipeline. Problems are reported in the outcome's <see cref="RunStatus"/>, not thrown: configuration
    /// problems are <see cref="RunStatus.Invalid"/>; a drain or a budget reached <see cref="RunStatus.Interrupted"/>;
    /// faults <see cref="RunStatus.Aborted"/>; cancellation <see cref="RunStatus.Cancelled"/> (the CLI maps these to exit codes).
    /// </summary>
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
            // Budgets and targets may change on resume (a run stopped by its budget continues with a raised one), so the
            // pipeline hash without them is compared; manifests written before it existed compare the file hash.
            var (previousSha, currentSha) = previous?["pipeline_sha256"]?.GetValue<string>() is { Length: > 0 } pipelineSha && config.PipelineSha256.Length > 0
                ? (pipelineSha, config.PipelineSha256)
                : (previous?["config_sha256"]?.GetValue<string>(), config.Sha256);
            if (run.Resumed && previousSha is not null && previousSha != currentSha)
            {
                return new RunOutcome(RunStatus.Invalid, $"--resume: {config.File} changed since the run in '{runPath}' started (pipeline sha256 {previousSha[..12]}… → {currentSha[..12]}…; only budget: and target: may change); resuming would mix two pipelines", null);
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
            if (config.Budget?.Usd is not null && !models.AnyPriced)
            {
                return new RunOutcome(RunStatus.Invalid, $"{config.File}: key 'budget.usd': no model has a price (add price: {{input_per_mtok: …, output_per_mtok: …}} to the models you pay for)", null);
            }

            var ledger = new UsageLedger(models, run.Resumed ? previous : null, _time);
            Models = models;
            Ledger = ledger;
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
            var engine = new PipelineEngine(stages, timeProvider: _time);
            Engine = engine;
            var priorAccepted = run.PriorCounts.Accepted;
            var limits = new RunLimits(config.Budget, config.Target, ledger.Spent, () => priorAccepted + engine.AcceptedEmitted, timeProvider: _time);
            Limits = limits;
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

            long? acceptedAtStop = null;
            JsonObject Manifest(string status, PipelineResult? result)
            {
                var moved = settled.FromAccepted + settled.FromFailed;
                var modelsSection = ledger.ModelsSection();
                var extra = new JsonObject
                {
                    ["models"] = modelsSection,
                    ["usage"] = ledger.UsageSection(modelsSection),
                    ["prompts"] = PromptsOf(context),
                };
                if (settlement is not null)
                {
                    extra["settlement"] = settlement.DeepClone();
                }

                if (config.Budget is { } budget)
                {
                    var spent = ledger.Spent();
                    extra["budget"] = new JsonObject
                    {
                        ["limits"] = OptionsBinder.ToJson(budget),
                        ["spent"] = new JsonObject
                        {
                            ["usd"] = spent.Priced ? Math.Round(spent.Usd, 6) : null,
                            ["tokens"] = spent.Tokens,
                            ["requests"] = spent.Requests,
                            ["wall_s"] = Math.Round(spent.Wall.TotalSeconds, 3),
                        },
                        ["reached"] = limits.Stop is { Kind: "budget" } reached ? reached.Key : null,
                    };
                }

                if (limits.Stop is { } stop)
                {
                    extra["stopped"] = new JsonObject { ["kind"] = stop.Kind, ["key"] = stop.Key, ["value_at_stop"] = stop.Value, ["limit"] = stop.Limit, ["message"] = limits.Describe(stop, ledger.Spent()) };
                }

                if (config.Target?.Accepted is { } target)
                {
                    var acceptedNow = run.PriorCounts.Accepted + engine.Written.Accepted - settled.FromAccepted;
                    var done = run.PriorDone + (result?.RecordsDone ?? 0);
                    var met = limits.Stop is { Kind: "target" };
                    extra["target"] = new JsonObject
                    {
                        ["accepted"] = target,
                        ["met"] = met,
                        ["outcome"] = met ? "target met" : status == "completed" ? "corpus exhausted before the target" : status,
                        ["accepted_before_settlement"] = acceptedAtStop ?? run.PriorCounts.Accepted + engine.Written.Accepted,
                        ["accepted_after_settlement"] = status == "completed" ? acceptedNow : null,
                        ["records_done"] = done,
                        ["yield"] = done == 0 ? 0 : Math.Round((double)acceptedNow / done, 4),
                    };
                }

                return RunManifest.Build(
                    _request, status, started, status == "running" ? null : _time.GetUtcNow(), corpus.Files,
                    (run.PriorCounts.Accepted + engine.Written.Accepted - settled.FromAccepted, run.PriorCounts.Rejected + engine.Written.Rejected + moved, run.PriorCounts.Failed + engine.Written.Failed - settled.FromFailed),
                    engine.RecordsRead, run.PriorDone + (result?.RecordsDone ?? 0), engine.Counters,
                    status == "running" ? [] : stages, // stage reports are read once the workers have stopped
                    resumes, extra);
            }

            run.WriteManifest(Manifest("running", null));
            var onBadInput = _request.OnBadInput ?? config.OnBadInput;
            var badInput = new BadInputGate(onBadInput == "fail");
            var manifestGate = new object();
            var finalManifest = false;
            void WriteRunningManifest()
            {
                lock (manifestGate)
                {
                    if (!finalManifest)
                    {
                        TryWriteManifest(run, () => Manifest("running", null));
                    }
                }
            }

            void WriteFinalManifest(JsonObject manifest)
            {
                lock (manifestGate)
                {
                    finalManifest = true;
                    run.WriteManifest(manifest);
                }
            }

            try
            {
                PipelineResult result;
                using (_time.CreateTimer(_ => WriteRunningManifest(), null, ManifestInterval, ManifestInterval))
                {
                    result = await engine.RunAsync(SourceAsync(corpus, corpusOptions, run, badInput, limits), run, drain, cancellationToken).ConfigureAwait(false);
                }

                run.FlushToDisk();
                acceptedAtStop = run.PriorCounts.Accepted + engine.Written.Accepted;
                var stoppedByBudget = limits.Stop is { Kind: "budget" };
                var drained = result.Outcome == PipelineOutcome.Drained || stoppedByBudget;
                if (!drained && settling.Count > 0)
                {
                    (settled, settlement) = Settle(run, settling, cancellationToken);
                }

                if (stages.OfType<Stages.Judge.JudgeStage>().Any())
                {
                    JudgementLabels.Write(runPath);
                }

                var status = drained ? "interrupted" : "completed";
                var manifest = Manifest(status, result);
                WriteFinalManifest(manifest);
                RunCard.Write(runPath, manifest);
                var counts = manifest["counts"]!;
                var summary = $"{status}: {counts["records_read"]} records read, {counts["accepted"]} accepted, {counts["rejected"]} rejected, {counts["failed"]} failed → {runPath}";
                if (stoppedByBudget)
                {
                    return new RunOutcome(RunStatus.Interrupted, $"{limits.Describe(limits.Stop!, ledger.Spent())} — {summary} (finished records are journaled; raise the budget and continue with --resume)", result);
                }

                if (result.Outcome == PipelineOutcome.Drained)
                {
                    return new RunOutcome(RunStatus.Interrupted, summary + " (interrupted: continue with --resume)", result);
                }

                if (limits.Stop is { Kind: "target" } targetMet)
                {
                    summary = $"{targetMet.Message}; {summary}";
                }

                return new RunOutcome(counts["failed"]!.GetValue<long>() > 0 ? RunStatus.CompletedWithFailures : RunStatus.Completed, summary, result);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                WriteFinalManifest(Manifest("cancelled", null));
                return new RunOutcome(RunStatus.Cancelled, $"cancelled: finished records are journaled; continue with --resume → {runPath}", null);
            }
            catch (Exception ex)
            {
                lock (manifestGate)
                {
                    finalManifest = true;
                    TryWriteManifest(run, () => Manifest("aborted", null));
                }

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

    /// <summary>The records the engine runs over; its token (from the engine) stops both passes over the corpus.</summary>
    private async IAsyncEnumerable<SourceRecord> SourceAsync(
        CorpusReader corpus, CorpusOptions corpusOptions, RunDirectory run, BadInputGate badInput, RunLimits limits, [EnumeratorCancellation] CancellationToken cancellationToken = default)
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
            sample = await CorpusSampler.SelectAsync(new CorpusReader(corpusOptions).ReadAsync(cancellationToken), size, seed, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("input.sample: {Selected} of {Scanned} records selected", sample.Selected, sample.Scanned);
        }

        long taken = 0;
        await foreach (var record in corpus.ReadAsync(cancellationToken).ConfigureAwait(false))
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

            // A budget reached or the target met: read no more (items in flight finish).
            if (limits.ShouldStop())
            {
                yield break;
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

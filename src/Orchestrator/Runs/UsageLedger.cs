using System.Globalization;
using System.Text.Json.Nodes;
using MidTrain.Orchestrator.Models;

namespace MidTrain.Orchestrator.Runs;

/// <summary>
/// Usage and cost of a run across its sessions: what earlier sessions spent (read from the manifest they left) plus
/// what the models of this session report live. Feeds the manifest's <c>models</c> and <c>usage</c> sections, the
/// budgets and the progress display. The manifest is rewritten every few seconds while the run goes on, so a session
/// killed with SIGKILL loses at most those seconds of accounting. Thread-safe (reads live counters).
/// </summary>
public sealed class UsageLedger
{
    /// <summary>The per-model and per-stage figures that add up across sessions (others, e.g. prices, are replaced).</summary>
    private static readonly HashSet<string> Counters = new(StringComparer.Ordinal)
    {
        "requests", "tokens_in", "tokens_cached", "tokens_out", "tokens_reasoning", "cache_hits", "retries", "failures", "circuit_opened", "cost_usd", "wall_s",
    };

    private readonly ModelRegistry _models;
    private readonly JsonObject _priorModels;
    private readonly RunSpending _prior;
    private readonly TimeProvider _time;
    private readonly long _started;

    /// <summary>Creates the ledger of a session.</summary>
    /// <param name="models">This session's models.</param>
    /// <param name="previousManifest">The manifest an earlier session left (resume), or null.</param>
    /// <param name="time">Clock for the session's wall time.</param>
    public UsageLedger(ModelRegistry models, JsonObject? previousManifest, TimeProvider time)
    {
        _models = models;
        _time = time;
        _started = time.GetTimestamp();
        _priorModels = previousManifest?["models"] as JsonObject is { } prior ? (JsonObject)prior.DeepClone() : [];
        var usage = previousManifest?["usage"] as JsonObject;
        _prior = new RunSpending(
            Number(usage?["cost_usd"]) ?? 0,
            usage?["cost_usd"] is not null,
            (long)((Number(usage?["tokens_in"]) ?? 0) + (Number(usage?["tokens_out"]) ?? 0)),
            (long)(Number(usage?["requests"]) ?? 0),
            TimeSpan.FromSeconds(Number(usage?["wall_s"]) ?? 0));
    }

    /// <summary>What the run has spent: earlier sessions plus this one, live.</summary>
    public RunSpending Spent()
    {
        var live = _models.Totals();
        return new RunSpending(
            _prior.Usd + live.Usd,
            _prior.Priced || live.Priced,
            _prior.Tokens + live.Tokens,
            _prior.Requests + live.Requests,
            _prior.Wall + _time.GetElapsedTime(_started));
    }

    /// <summary>The manifest's <c>models</c> section: each model's identity, price and usage, summed over sessions.</summary>
    public JsonObject ModelsSection() => Merge(_priorModels, _models.ToManifest());

    /// <summary>
    /// The manifest's <c>usage</c> section: requests, tokens and cost over every model and session, per stage
    /// (<c>stages</c>), and the sessions' wall time (<c>wall_s</c>); <c>cost_usd</c> only when a model has a price.
    /// </summary>
    public JsonObject UsageSection(JsonObject? modelsSection = null)
    {
        var models = modelsSection ?? ModelsSection();
        var total = new JsonObject();
        var stages = new JsonObject();
        foreach (var (_, model) in models)
        {
            if (model is not JsonObject figures)
            {
                continue;
            }

            Add(total, figures);
            if (figures["stages"] is JsonObject byStage)
            {
                foreach (var (stage, stageFigures) in byStage)
                {
                    if (stageFigures is JsonObject sf)
                    {
                        var into = stages[stage] as JsonObject ?? (JsonObject)(stages[stage] = new JsonObject());
                        Add(into, sf);
                    }
                }
            }
        }

        total["wall_s"] = Math.Round(Spent().Wall.TotalSeconds, 3);
        total["stages"] = stages;
        return total;
    }

    private static void Add(JsonObject into, JsonObject figures)
    {
        foreach (var key in new[] { "requests", "tokens_in", "tokens_cached", "tokens_out", "tokens_reasoning", "cost_usd" })
        {
            if (Number(figures[key]) is { } value)
            {
                into[key] = Sum(key, into[key], value);
            }
        }
    }

    /// <summary><paramref name="prior"/> with <paramref name="live"/> laid over it: counters add up, anything else is replaced.</summary>
    internal static JsonObject Merge(JsonObject prior, JsonObject live)
    {
        var result = (JsonObject)prior.DeepClone();
        foreach (var (key, value) in live)
        {
            if (result[key] is JsonObject before && value is JsonObject now)
            {
                result[key] = Merge(before, now);
            }
            else if (Counters.Contains(key) && Number(value) is { } added)
            {
                result[key] = Sum(key, result[key], added);
            }
            else
            {
                result[key] = value?.DeepClone();
            }
        }

        return result;
    }

    private static JsonNode Sum(string key, JsonNode? before, double added)
    {
        var total = (Number(before) ?? 0) + added;
        return key == "cost_usd" ? JsonValue.Create(Math.Round(total, 6)) : JsonValue.Create((long)Math.Round(total));
    }

    private static double? Number(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        if (value.TryGetValue<double>(out var d))
        {
            return d;
        }

        if (value.TryGetValue<long>(out var l))
        {
            return l;
        }

        return value.TryGetValue<int>(out var i) ? i
            : double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }
}

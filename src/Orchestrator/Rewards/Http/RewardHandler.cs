using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MidTrain.Core.Jsonl;
using MidTrain.Core.Records;
using MidTrain.Models.Serving;

namespace MidTrain.Orchestrator.Rewards.Http;

/// <summary>
/// The reward routes: <c>POST /v1/reward</c> (one item or a batch, see <see cref="RewardRequestReader"/>) and
/// OpenRLHF's <c>POST /get_reward</c> (<c>{query, prompts, labels}</c> → <c>{rewards, scores, extra_logs}</c>). Both are
/// admitted through one <see cref="AdmissionGate"/> (429 + <c>Retry-After</c> when its queue is full) and run under the
/// request deadline; a batch's items are scored concurrently (<see cref="RewardSet"/>). A failure of the reward
/// machinery itself (a judge model unreachable after its retries) fails the request with 500 rather than scoring its
/// items 0. Thread-safe.
/// </summary>
internal sealed class RewardHandler(ServiceHost host, RewardSet rewards, AdmissionGate gate, RewardServerOptions options, RewardCounters counters)
{
    public const string Route = "/v1/reward";

    public const string OpenRlhfRoute = "/get_reward";

    public Task HandleRewardAsync(HttpContext context)
    {
        var isBatch = false;
        return ScoreAsync(
            context,
            root =>
            {
                (var items, isBatch) = RewardRequestReader.Read(root, rewards, options.MaxBatch);
                return items;
            },
            (json, results) =>
            {
                if (!isBatch)
                {
                    results[0].WriteTo(json);
                    return;
                }

                json.WriteStartObject();
                Numbers(json, "scores", results.Select(r => r.Score));
                Results(json, results);
                json.WriteEndObject();
            });
    }

    /// <summary>
    /// OpenRLHF's remote reward model protocol: <c>query</c> (prompt + response texts), <c>prompts</c> (optional; a
    /// query starting with its prompt is scored on the rest) and <c>labels</c> (optional; each item's ground truth). The
    /// reward is <c>?reward=NAME</c>, else the file's default. Answers <c>rewards</c> (the scores), <c>scores</c> (clamped
    /// to 0–1, for OpenRLHF's dynamic filtering), <c>extra_logs</c> (per-item <c>pass</c> and <c>invalid</c> flags, logged
    /// by OpenRLHF) and <c>results</c> (the details). Unknown body fields are ignored, as OpenRLHF's own server does.
    /// </summary>
    public Task HandleOpenRlhfAsync(HttpContext context) => ScoreAsync(
        context,
        root => ReadOpenRlhf(root, context.Request.Query["reward"].FirstOrDefault()),
        (json, results) =>
        {
            json.WriteStartObject();
            Numbers(json, "rewards", results.Select(r => r.Score));
            Numbers(json, "scores", results.Select(r => Math.Clamp(r.Score, 0, 1)));
            json.WriteStartObject("extra_logs");
            Numbers(json, "pass", results.Select(r => r.Outcome == VerdictOutcome.Pass ? 1.0 : 0.0));
            Numbers(json, "invalid", results.Select(r => r.Outcome == VerdictOutcome.Invalid ? 1.0 : 0.0));
            json.WriteEndObject();
            Results(json, results);
            json.WriteEndObject();
        });

    /// <summary>
    /// One scoring request of either protocol: reads the body into items with <paramref name="read"/> (its errors are
    /// the request's 400s), admits the request through the gate, scores the items under the deadline, counts the
    /// results and writes the answer with <paramref name="write"/>.
    /// </summary>
    private Task ScoreAsync(
        HttpContext context,
        Func<JsonElement, List<(IReward Reward, RewardItem Item)>> read,
        Action<Utf8JsonWriter, RewardResult[]> write) => host.GuardAsync(context, "Scoring failed", async () =>
    {
        List<(IReward Reward, RewardItem Item)> items;
        using (var body = await RequestBody.ReadAsync(context, options.MaxRequestBodyBytes).ConfigureAwait(false))
        {
            items = read(body.RootElement);
        }

        await host.RunAdmittedAsync(context, gate, async token =>
        {
            var results = await rewards.ScoreBatchAsync(items, token).ConfigureAwait(false);
            counters.Add(results);
            context.Response.ContentType = "application/json";
            await using var json = new Utf8JsonWriter(context.Response.BodyWriter, JsonDefaults.WriterOptions);
            write(json, results);
            await json.FlushAsync(token).ConfigureAwait(false);
        }).ConfigureAwait(false);
    });

    private static void Results(Utf8JsonWriter json, RewardResult[] results)
    {
        json.WriteStartArray("results");
        foreach (var result in results)
        {
            result.WriteTo(json);
        }

        json.WriteEndArray();
    }

    private List<(IReward, RewardItem)> ReadOpenRlhf(JsonElement root, string? rewardName)
    {
        var query = root.TryGetProperty("query", out var q) ? q : throw RequestParameters.Fail(OpenAiError.Missing("query"));
        var queries = Strings(query, "query", required: true)!;
        if (queries.Count == 0)
        {
            throw RequestParameters.Fail(OpenAiError.EmptyArray("query"));
        }

        if (queries.Count > options.MaxBatch)
        {
            throw RequestParameters.Fail(OpenAiError.TooLong("query", options.MaxBatch, queries.Count));
        }

        var prompts = root.TryGetProperty("prompts", out var p) ? Strings(p, "prompts", required: false) : null;
        if (prompts is not null && prompts.Count != queries.Count)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidValue("prompts", $"has {prompts.Count} entries for {queries.Count} queries; give one per query."));
        }

        List<JsonElement>? labels = null;
        if (root.TryGetProperty("labels", out var l) && l.ValueKind != JsonValueKind.Null)
        {
            labels = l.ValueKind == JsonValueKind.Array ? [.. l.EnumerateArray().Select(e => e.Clone())] : throw RequestParameters.Fail(OpenAiError.InvalidType("labels", "an array", l));
            if (labels.Count != queries.Count)
            {
                throw RequestParameters.Fail(OpenAiError.InvalidValue("labels", $"has {labels.Count} entries for {queries.Count} queries; give one per query."));
            }
        }

        if (rewardName is null && rewards.DefaultReward is null)
        {
            throw RequestParameters.Fail(new OpenAiError(400,
                "Missing required parameter: 'reward': name the reward in the URL (/get_reward?reward=NAME) or set default: in the rewards file.", Param: "reward", Code: "missing_required_parameter"));
        }

        var items = new List<(IReward, RewardItem)>(queries.Count);
        for (var i = 0; i < queries.Count; i++)
        {
            var prompt = prompts?[i];
            var text = queries[i]!;
            var solution = prompt is { Length: > 0 } && text.StartsWith(prompt, StringComparison.Ordinal) ? text[prompt.Length..] : text;
            JsonElement? label = labels is null || labels[i].ValueKind == JsonValueKind.Null ? null : labels[i];
            var item = new RewardItem { Solution = solution, Prompt = prompt, GroundTruth = label, Reward = rewardName };
            try
            {
                items.Add(RewardRequestReader.Route(rewards, item, string.Empty));
            }
            catch (OpenAiErrorException ex) when (ex.Error.Param == "ground_truth")
            {
                throw RequestParameters.Fail(ex.Error with { Message = $"Missing required parameter: 'labels[{i}]' (the reward checks each response against its label).", Param = "labels" });
            }
        }

        return items;
    }

    private static List<string?>? Strings(JsonElement value, string param, bool required)
    {
        if (value.ValueKind == JsonValueKind.Null && !required)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidType(param, "an array of strings", value));
        }

        var list = new List<string?>(value.GetArrayLength());
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            list.Add(element.ValueKind switch
            {
                JsonValueKind.String => element.GetString(),
                JsonValueKind.Null when !required => null,
                _ => throw RequestParameters.Fail(OpenAiError.InvalidType($"{param}[{index}]", "a string", element)),
            });
            index++;
        }

        return list;
    }

    private static void Numbers(Utf8JsonWriter json, string name, IEnumerable<double> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }
}

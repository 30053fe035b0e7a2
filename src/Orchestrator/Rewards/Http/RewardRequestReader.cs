using System.Text.Json;
using MidTrain.Models.Serving;

namespace MidTrain.Orchestrator.Rewards.Http;

/// <summary>
/// Reads the body of <c>POST /v1/reward</c>: one item <c>{data_source, solution, ground_truth, extra_info}</c> (plus
/// optional <c>reward</c> and <c>prompt</c>; <c>solution_str</c> is accepted for <c>solution</c>), or
/// <c>{"batch": [item, …]}</c>, and routes every item to its reward. Every problem is a 400 whose <c>param</c> names the
/// field (<c>batch[3].ground_truth</c>); unknown fields are refused, not ignored, so a misspelt key cannot silently
/// score 0. The items keep copies of their JSON values (the request's document may be disposed). Stateless.
/// </summary>
internal static class RewardRequestReader
{
    private static readonly string[] ItemKeys = ["data_source", "solution", "solution_str", "ground_truth", "extra_info", "reward", "prompt"];

    /// <summary>The routed items, and whether the body was a batch.</summary>
    public static (List<(IReward Reward, RewardItem Item)> Items, bool IsBatch) Read(JsonElement root, RewardSet rewards, int maxBatch)
    {
        if (!root.TryGetProperty("batch", out var batch))
        {
            return ([Route(rewards, ReadItem(root, string.Empty), string.Empty)], false);
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != "batch")
            {
                throw RequestParameters.Fail(new OpenAiError(400, $"Unknown field '{property.Name}': with 'batch', every item's fields go inside its element of the batch.", Param: property.Name, Code: "unknown_parameter"));
            }
        }

        if (batch.ValueKind != JsonValueKind.Array)
        {
            throw RequestParameters.Fail(OpenAiError.InvalidType("batch", "an array of items", batch));
        }

        var count = batch.GetArrayLength();
        if (count == 0)
        {
            throw RequestParameters.Fail(OpenAiError.EmptyArray("batch"));
        }

        if (count > maxBatch)
        {
            throw RequestParameters.Fail(OpenAiError.TooLong("batch", maxBatch, count));
        }

        var items = new List<(IReward, RewardItem)>(count);
        var index = 0;
        foreach (var element in batch.EnumerateArray())
        {
            var prefix = $"batch[{index}].";
            if (element.ValueKind != JsonValueKind.Object)
            {
                throw RequestParameters.Fail(OpenAiError.InvalidType($"batch[{index}]", "an object", element));
            }

            items.Add(Route(rewards, ReadItem(element, prefix), prefix));
            index++;
        }

        return (items, true);
    }

    /// <summary>One item object; <paramref name="prefix"/> goes before the field names in errors.</summary>
    public static RewardItem ReadItem(JsonElement item, string prefix)
    {
        string? solution = null, dataSource = null, reward = null, prompt = null;
        JsonElement? groundTruth = null, extraInfo = null;
        foreach (var property in item.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "solution" or "solution_str":
                    if (solution is not null)
                    {
                        throw RequestParameters.Fail(OpenAiError.InvalidValue(prefix + property.Name, "give solution or solution_str, not both."));
                    }

                    solution = value.ValueKind == JsonValueKind.String ? value.GetString() : throw RequestParameters.Fail(OpenAiError.InvalidType(prefix + property.Name, "a string", value));
                    break;
                case "data_source":
                    dataSource = OptionalString(value, prefix + "data_source");
                    break;
                case "reward":
                    reward = OptionalString(value, prefix + "reward");
                    break;
                case "prompt":
                    prompt = OptionalString(value, prefix + "prompt");
                    break;
                case "ground_truth":
                    groundTruth = value.ValueKind == JsonValueKind.Null ? null : value.Clone();
                    break;
                case "extra_info":
                    extraInfo = value.ValueKind switch
                    {
                        JsonValueKind.Null => null,
                        JsonValueKind.Object => value.Clone(),
                        _ => throw RequestParameters.Fail(OpenAiError.InvalidType(prefix + "extra_info", "an object or null", value)),
                    };
                    break;
                default:
                    throw RequestParameters.Fail(new OpenAiError(400,
                        $"Unknown field '{prefix}{property.Name}' (an item has {string.Join(", ", ItemKeys)}).", Param: prefix + property.Name, Code: "unknown_parameter"));
            }
        }

        return new RewardItem
        {
            Solution = solution ?? throw RequestParameters.Fail(OpenAiError.Missing(prefix + "solution")),
            GroundTruth = groundTruth,
            ExtraInfo = extraInfo,
            DataSource = dataSource,
            Reward = reward,
            Prompt = prompt,
        };
    }

    /// <summary>Routes <paramref name="item"/>; a 400 names the field when it cannot be routed or lacks its ground truth.</summary>
    public static (IReward Reward, RewardItem Item) Route(RewardSet rewards, RewardItem item, string prefix)
    {
        var route = rewards.Route(item);
        if (route.Reward is not { } reward)
        {
            throw RequestParameters.Fail(new OpenAiError(400, $"Invalid '{prefix}{route.Field}': {route.Error}.", Param: prefix + route.Field, Code: route.Field == "reward" ? "reward_not_found" : "invalid_value"));
        }

        if (reward.RequiresGroundTruth && item.GroundTruth is null)
        {
            throw RequestParameters.Fail(new OpenAiError(400,
                $"Missing required parameter: '{prefix}ground_truth' (reward '{reward.Name}' of kind {reward.Kind} checks the solution against it).", Param: prefix + "ground_truth", Code: "missing_required_parameter"));
        }

        return (reward, item);
    }

    private static string? OptionalString(JsonElement value, string param) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null => null,
        _ => throw RequestParameters.Fail(OpenAiError.InvalidType(param, "a string", value)),
    };
}

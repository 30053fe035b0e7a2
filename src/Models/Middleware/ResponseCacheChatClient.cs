using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Core.Hashing;

namespace MidTrain.Models.Middleware;

/// <summary>
/// Persists responses on disk under a content hash of (model fingerprint, messages, options, seed) and answers repeated
/// requests from disk without calling the inner client, so a re-run of a finished pipeline makes zero model calls and
/// reproduces its outputs. Files are written atomically (temp file + rename); a corrupt entry is treated as a miss.
/// Thread-safe.
/// </summary>
internal sealed class ResponseCacheChatClient : DelegatingChatClient
{
    private readonly string _directory;
    private readonly string _fingerprint;
    private readonly ModelUsage? _usage;

    /// <summary>Creates the cache over <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client called on a miss.</param>
    /// <param name="directory">Cache folder (created on demand).</param>
    /// <param name="fingerprint">The model fingerprint: part of every key, so a different model never replays.</param>
    /// <param name="usage">Counts cache hits, when given.</param>
    public ResponseCacheChatClient(IChatClient innerClient, string directory, string fingerprint, ModelUsage? usage = null)
        : base(innerClient)
    {
        _directory = directory;
        _fingerprint = fingerprint;
        _usage = usage;
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (list, key, cached) = await LookUpAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (cached is not null)
        {
            return cached;
        }

        var response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
        await WriteAsync(key, response, cancellationToken).ConfigureAwait(false);
        return response;
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (list, key, cached) = await LookUpAsync(messages, options, cancellationToken).ConfigureAwait(false);
        if (cached is not null)
        {
            foreach (var update in cached.ToChatResponseUpdates())
            {
                yield return update;
            }

            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
            yield return update;
        }

        await WriteAsync(key, updates.ToChatResponse(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cache key: SHA-256 of a canonical JSON form of everything that shapes the answer.</summary>
    internal string Key(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        var root = new JsonObject
        {
            ["fingerprint"] = _fingerprint,
            ["messages"] = new JsonArray(messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role.Value, ["content"] = m.Text }).ToArray()),
        };
        if (options is not null)
        {
            var o = new JsonObject
            {
                ["model"] = options.ModelId,
                ["max_tokens"] = options.MaxOutputTokens,
                ["temperature"] = options.Temperature,
                ["top_p"] = options.TopP,
                ["top_k"] = options.TopK,
                ["seed"] = options.Seed,
                ["frequency_penalty"] = options.FrequencyPenalty,
                ["presence_penalty"] = options.PresencePenalty,
                ["stop"] = options.StopSequences is null ? null : new JsonArray(options.StopSequences.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray()),
            };
            if (options.Reasoning is { } reasoning)
            {
                // Only when set, so keys written before reasoning options existed stay valid.
                o["reasoning"] = new JsonObject { ["effort"] = reasoning.Effort?.ToString(), ["output"] = reasoning.Output?.ToString() };
            }

            switch (options.ResponseFormat)
            {
                case ChatResponseFormatJson json:
                    o["response_format"] = new JsonObject
                    {
                        ["type"] = "json",
                        ["name"] = json.SchemaName,
                        ["schema"] = json.Schema is { } schema ? JsonNode.Parse(schema.GetRawText()) : null,
                    };
                    break;
                case ChatResponseFormatText:
                    o["response_format"] = "text";
                    break;
            }

            if (options.AdditionalProperties is { Count: > 0 } extra)
            {
                var props = new JsonObject();
                foreach (var (name, value) in extra.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    props[name] = JsonSerializer.SerializeToNode(value, AIJsonUtilities.DefaultOptions);
                }

                o["extra"] = props;
            }

            root["options"] = o;
        }

        return ContentHash.Sha256Hex(root.ToJsonString());
    }

    /// <summary>Keys a request and reads its cached response (null on a miss), counting a hit.</summary>
    private async Task<(IReadOnlyList<ChatMessage> Messages, string Key, ChatResponse? Cached)> LookUpAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        var key = Key(list, options);
        var cached = await TryReadAsync(key, cancellationToken).ConfigureAwait(false);
        if (cached is not null)
        {
            _usage?.AddCacheHit();
        }

        return (list, key, cached);
    }

    private string PathFor(string key) => Path.Combine(_directory, key[..2], key + ".json");

    private async Task<ChatResponse?> TryReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            return await JsonSerializer.DeserializeAsync<ChatResponse>(stream, AIJsonUtilities.DefaultOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            return null;
        }
    }

    private async Task WriteAsync(string key, ChatResponse response, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            await JsonSerializer.SerializeAsync(stream, response, AIJsonUtilities.DefaultOptions, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temp, path, overwrite: true);
    }
}

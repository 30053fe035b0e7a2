using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MidTrain.Tests;

/// <summary>
/// An OpenAI-compatible server on loopback for the remote-scale tests: <c>/v1/chat/completions</c> with a latency, a
/// capacity (requests beyond it get 429 with <c>Retry-After</c>) and usage including cached prompt tokens; and the
/// batch API (<c>/v1/files</c>, <c>/v1/batches</c>: create, get, list, cancel) whose batches complete after a delay,
/// with per-request failures and expiry chosen by a script. Records what it saw (requests, authorization headers,
/// every uploaded file and batch) so tests can count. Replies are a function of the request, never of arrival order.
/// </summary>
internal sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly ConcurrentDictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeBatch> _batches = new(StringComparer.Ordinal);
    private readonly List<string> _batchOrder = [];
    private readonly object _gate = new();
    private int _inFlight;
    private int _maxInFlight;
    private long _requests;
    private long _rateLimited;
    private long _ids;

    public FakeOpenAiServer()
    {
        var port = FreePort();
        Endpoint = $"http://127.0.0.1:{port}/v1";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The base URL including <c>/v1</c>.</summary>
    public string Endpoint { get; }

    /// <summary>The assistant text for a chat request (default: a JSON question naming the last message's hash and the seed, or a judge's score 5).</summary>
    public Func<JsonObject, string> Reply { get; set; } = DefaultReply;

    /// <summary>How long a chat completion takes.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Chat requests served at once; one more is answered 429 at once (null: unlimited).</summary>
    public Func<int>? Capacity { get; set; }

    /// <summary>The <c>retry-after-ms</c> header of a 429.</summary>
    public int RetryAfterMs { get; set; } = 50;

    /// <summary>Prompt tokens of each request reported as served from the prompt cache.</summary>
    public int CachedPromptTokens { get; set; }

    /// <summary>How long a batch list takes to arrive after it was taken (a slow or lagging list).</summary>
    public TimeSpan ListLatency { get; set; }

    /// <summary>How long a batch takes from creation to its end.</summary>
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// The fate of one request of a batch, given its input line (<c>custom_id</c>, <c>body</c>) and how many batches have
    /// held it so far (1 = first): <c>ok</c>, <c>fail</c> (a 500 answer in the error file) or <c>expire</c> (the batch
    /// expires; this request is left undone).
    /// </summary>
    public Func<JsonObject, int, string> BatchFate { get; set; } = (_, _) => "ok";

    /// <summary>Chat completions answered (200).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Chat completions refused with 429.</summary>
    public long RateLimited => Interlocked.Read(ref _rateLimited);

    /// <summary>The most chat requests in flight at once, those refused with 429 included (what the client sent, not what was served).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Every chat attempt: when it arrived (stopwatch ticks) and the status it got.</summary>
    public ConcurrentQueue<(long Ticks, int Status)> ChatAttempts { get; } = new();

    /// <summary>Every Authorization header received.</summary>
    public ConcurrentBag<string> Authorizations { get; } = [];

    /// <summary>Every request body received (to check what leaves the client).</summary>
    public ConcurrentBag<string> Bodies { get; } = [];

    /// <summary>Batches created, in order.</summary>
    public IReadOnlyList<FakeBatch> Batches
    {
        get
        {
            lock (_gate)
            {
                return _batchOrder.Select(id => _batches[id]).ToArray();
            }
        }
    }

    /// <summary>Downloads of each file's content, by file id.</summary>
    public ConcurrentDictionary<string, int> Downloads { get; } = new(StringComparer.Ordinal);

    /// <summary>The text of an uploaded file.</summary>
    public string FileText(string id) => Encoding.UTF8.GetString(_files[id]);

    /// <summary>Times <paramref name="customId"/> was put in a batch.</summary>
    public int Submissions(string customId) => Batches.Count(b => b.CustomIds.Contains(customId));

    public static string DefaultReply(JsonObject request)
    {
        var messages = request["messages"]!.AsArray();
        var last = messages[^1]!["content"]!.ToString();
        var seed = request["seed"]?.GetValue<long>() ?? 0;
        if (request["response_format"]?["json_schema"]?["name"]?.GetValue<string>() is { } schema && !schema.StartsWith("backtranslation", StringComparison.Ordinal))
        {
            return new JsonObject { ["rationale"] = "fake judge", ["score"] = 5 }.ToJsonString();
        }

        return new JsonObject { ["question"] = $"What does passage {Stable(last)} say about item {seed % 1000}?" }.ToJsonString();
    }

    /// <summary>A stable short hash of a text (string.GetHashCode is randomized per process).</summary>
    public static string Stable(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash.ToString("x8", CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            var request = context.Request;
            Authorizations.Add(request.Headers["Authorization"] ?? string.Empty);
            var path = request.Url!.AbsolutePath;
            var body = await ReadAllAsync(request.InputStream);
            Bodies.Add(Encoding.UTF8.GetString(body));
            switch (request.HttpMethod, path)
            {
                case ("POST", "/v1/chat/completions"):
                    await ChatAsync(context, JsonNode.Parse(body)!.AsObject());
                    break;
                case ("POST", "/v1/files"):
                    await UploadAsync(context, body);
                    break;
                case ("GET", var p) when p.StartsWith("/v1/files/", StringComparison.Ordinal) && p.EndsWith("/content", StringComparison.Ordinal):
                    var id = p["/v1/files/".Length..^"/content".Length];
                    Downloads.AddOrUpdate(id, 1, (_, n) => n + 1);
                    if (_files.TryGetValue(id, out var content))
                    {
                        await WriteAsync(context, 200, content, "application/octet-stream");
                    }
                    else
                    {
                        await WriteJsonAsync(context, 404, Error("file not found"));
                    }

                    break;
                case ("POST", "/v1/batches"):
                    await CreateBatchAsync(context, JsonNode.Parse(body)!.AsObject());
                    break;
                case ("GET", "/v1/batches"):
                    await ListBatchesAsync(context);
                    break;
                case ("GET", var p) when p.StartsWith("/v1/batches/", StringComparison.Ordinal):
                    if (_batches.TryGetValue(p["/v1/batches/".Length..], out var batch))
                    {
                        await WriteJsonAsync(context, 200, BatchObject(batch));
                    }
                    else
                    {
                        await WriteJsonAsync(context, 404, Error("batch not found"));
                    }

                    break;
                case ("POST", var p) when p.StartsWith("/v1/batches/", StringComparison.Ordinal) && p.EndsWith("/cancel", StringComparison.Ordinal):
                    if (_batches.TryGetValue(p["/v1/batches/".Length..^"/cancel".Length], out var cancelled))
                    {
                        lock (cancelled)
                        {
                            cancelled.CancelRequested = true;
                        }

                        await WriteJsonAsync(context, 200, BatchObject(cancelled));
                    }
                    else
                    {
                        await WriteJsonAsync(context, 404, Error("batch not found"));
                    }

                    break;
                default:
                    await WriteJsonAsync(context, 404, Error($"no route {request.HttpMethod} {path}"));
                    break;
            }
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // A client killed mid-request (the SIGKILL tests) is expected.
        }
    }

    private async Task ChatAsync(HttpListenerContext context, JsonObject request)
    {
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            if (Capacity is { } capacity && now > capacity())
            {
                ChatAttempts.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp(), 429));
                Interlocked.Increment(ref _rateLimited);
                context.Response.AddHeader("retry-after-ms", RetryAfterMs.ToString(CultureInfo.InvariantCulture));
                await WriteJsonAsync(context, 429, Error("rate limited"));
                return;
            }

            ChatAttempts.Enqueue((System.Diagnostics.Stopwatch.GetTimestamp(), 200));
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency);
            }

            Interlocked.Increment(ref _requests);
            await WriteJsonAsync(context, 200, Completion(request));
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private JsonObject Completion(JsonObject request)
    {
        var prompt = string.Join("\n", request["messages"]!.AsArray().Select(m => m?["content"]?.ToString() ?? string.Empty));
        var content = Reply(request);
        var promptTokens = Math.Max(1, prompt.Length / 4);
        return new JsonObject
        {
            ["id"] = "chatcmpl-" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture),
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = request["model"]?.GetValue<string>() ?? "fake",
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = Math.Max(1, content.Length / 4),
                ["total_tokens"] = promptTokens + Math.Max(1, content.Length / 4),
                ["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = Math.Min(CachedPromptTokens, promptTokens) },
            },
        };
    }

    private async Task UploadAsync(HttpListenerContext context, byte[] body)
    {
        var (purpose, file) = Multipart(context.Request.ContentType ?? string.Empty, body);
        if (purpose != "batch" || file is null)
        {
            await WriteJsonAsync(context, 400, Error("expected purpose=batch and a file"));
            return;
        }

        var id = "file-" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
        _files[id] = file;
        await WriteJsonAsync(context, 200, new JsonObject { ["id"] = id, ["object"] = "file", ["bytes"] = file.Length, ["purpose"] = "batch", ["filename"] = "input.jsonl", ["created_at"] = 1_700_000_000 });
    }

    private async Task CreateBatchAsync(HttpListenerContext context, JsonObject request)
    {
        var fileId = request["input_file_id"]?.GetValue<string>();
        if (fileId is null || !_files.TryGetValue(fileId, out var input) || request["endpoint"]?.GetValue<string>() != "/v1/chat/completions")
        {
            await WriteJsonAsync(context, 400, Error("bad input_file_id or endpoint"));
            return;
        }

        var lines = Encoding.UTF8.GetString(input).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var batch = new FakeBatch
        {
            Id = "batch_" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture),
            InputFileId = fileId,
            Metadata = request["metadata"]?.ToJsonString() ?? "null",
            CustomIds = lines.Select(l => l["custom_id"]!.GetValue<string>()).ToList(),
            Lines = lines,
            Due = DateTime.UtcNow + BatchDelay,
        };
        lock (_gate)
        {
            foreach (var customId in batch.CustomIds)
            {
                batch.Attempts[customId] = _batchOrder.Count(b => _batches[b].CustomIds.Contains(customId)) + 1;
            }

            _batches[batch.Id] = batch;
            _batchOrder.Add(batch.Id);
        }

        await WriteJsonAsync(context, 200, BatchObject(batch));
    }

    private async Task ListBatchesAsync(HttpListenerContext context)
    {
        var limit = int.TryParse(context.Request.QueryString["limit"], out var l) ? l : 20;
        var after = context.Request.QueryString["after"];
        FakeBatch[] newestFirst;
        lock (_gate)
        {
            newestFirst = _batchOrder.AsEnumerable().Reverse().Select(id => _batches[id]).ToArray();
        }

        if (ListLatency > TimeSpan.Zero)
        {
            await Task.Delay(ListLatency);
        }

        var start = after is null ? 0 : Array.FindIndex(newestFirst, b => b.Id == after) + 1;
        var page = newestFirst.Skip(start).Take(limit).ToArray();
        await WriteJsonAsync(context, 200, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(page.Select(b => (JsonNode)BatchObject(b)).ToArray()),
            ["has_more"] = start + page.Length < newestFirst.Length,
        });
    }

    /// <summary>The batch as the API shows it; finishes it (writing output and error files) once it is due.</summary>
    private JsonObject BatchObject(FakeBatch batch)
    {
        lock (batch)
        {
            if (batch.Status is "validating" or "in_progress" && batch.CancelRequested)
            {
                batch.Status = "cancelled";
            }
            else if (batch.Status == "validating")
            {
                batch.Status = "in_progress";
            }
            else if (batch.Status == "in_progress" && DateTime.UtcNow >= batch.Due)
            {
                Finish(batch);
            }

            return new JsonObject
            {
                ["id"] = batch.Id,
                ["object"] = "batch",
                ["endpoint"] = "/v1/chat/completions",
                ["input_file_id"] = batch.InputFileId,
                ["completion_window"] = "24h",
                ["status"] = batch.Status,
                ["output_file_id"] = batch.OutputFileId,
                ["error_file_id"] = batch.ErrorFileId,
                ["created_at"] = 1_700_000_000,
                ["request_counts"] = new JsonObject { ["total"] = batch.Lines.Count, ["completed"] = batch.Completed, ["failed"] = batch.Failed },
                ["metadata"] = JsonNode.Parse(batch.Metadata),
            };
        }
    }

    private void Finish(FakeBatch batch)
    {
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var expired = false;
        foreach (var line in batch.Lines)
        {
            var customId = line["custom_id"]!.GetValue<string>();
            var fate = BatchFate(line, batch.Attempts[customId]);
            var requestId = "req_" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
            switch (fate)
            {
                case "fail":
                    batch.Failed++;
                    errors.Append(new JsonObject
                    {
                        ["id"] = requestId,
                        ["custom_id"] = customId,
                        ["response"] = new JsonObject { ["status_code"] = 500, ["request_id"] = requestId, ["body"] = Error("internal error") },
                        ["error"] = null,
                    }.ToJsonString()).Append('\n');
                    break;
                case "expire":
                    expired = true;
                    errors.Append(new JsonObject
                    {
                        ["id"] = requestId,
                        ["custom_id"] = customId,
                        ["response"] = null,
                        ["error"] = new JsonObject { ["code"] = "batch_expired", ["message"] = "This request could not be executed before the completion window expired." },
                    }.ToJsonString()).Append('\n');
                    break;
                default:
                    batch.Completed++;
                    output.Append(new JsonObject
                    {
                        ["id"] = requestId,
                        ["custom_id"] = customId,
                        ["response"] = new JsonObject { ["status_code"] = 200, ["request_id"] = requestId, ["body"] = Completion(line["body"]!.AsObject()) },
                        ["error"] = null,
                    }.ToJsonString()).Append('\n');
                    break;
            }
        }

        if (output.Length > 0)
        {
            batch.OutputFileId = "file-" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
            _files[batch.OutputFileId] = Encoding.UTF8.GetBytes(output.ToString());
        }

        if (errors.Length > 0)
        {
            batch.ErrorFileId = "file-" + Interlocked.Increment(ref _ids).ToString(CultureInfo.InvariantCulture);
            _files[batch.ErrorFileId] = Encoding.UTF8.GetBytes(errors.ToString());
        }

        batch.Status = expired ? "expired" : "completed";
    }

    private static (string? Purpose, byte[]? File) Multipart(string contentType, byte[] body)
    {
        var boundary = contentType.Split(';').Select(p => p.Trim()).FirstOrDefault(p => p.StartsWith("boundary=", StringComparison.Ordinal))?["boundary=".Length..].Trim('"');
        if (boundary is null)
        {
            return (null, null);
        }

        var text = Encoding.Latin1.GetString(body);
        string? purpose = null;
        byte[]? file = null;
        foreach (var part in text.Split("--" + boundary).Skip(1))
        {
            var split = part.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split < 0)
            {
                continue;
            }

            var headers = part[..split];
            var content = part[(split + 4)..];
            if (content.EndsWith("\r\n", StringComparison.Ordinal))
            {
                content = content[..^2];
            }

            if (headers.Contains("name=\"purpose\"", StringComparison.Ordinal) || headers.Contains("name=purpose", StringComparison.Ordinal))
            {
                purpose = content.Trim();
            }
            else if (headers.Contains("name=\"file\"", StringComparison.Ordinal) || headers.Contains("name=file", StringComparison.Ordinal))
            {
                file = Encoding.Latin1.GetBytes(content);
            }
        }

        return (purpose, file);
    }

    private static JsonObject Error(string message) => new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = "invalid_request_error" } };

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static Task WriteJsonAsync(HttpListenerContext context, int status, JsonObject body) =>
        WriteAsync(context, status, Encoding.UTF8.GetBytes(body.ToJsonString()), "application/json");

    private static async Task WriteAsync(HttpListenerContext context, int status, byte[] bytes, string contentType)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private static void InterlockedMax(ref int location, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref location)) && Interlocked.CompareExchange(ref location, value, current) != current)
        {
        }
    }

    /// <summary>One batch the server holds.</summary>
    internal sealed class FakeBatch
    {
        public required string Id { get; init; }

        public required string InputFileId { get; init; }

        public required string Metadata { get; init; }

        public required List<string> CustomIds { get; init; }

        public required List<JsonObject> Lines { get; init; }

        public required DateTime Due { get; init; }

        public Dictionary<string, int> Attempts { get; } = new(StringComparer.Ordinal);

        public string Status { get; set; } = "validating";

        public bool CancelRequested { get; set; }

        public string? OutputFileId { get; set; }

        public string? ErrorFileId { get; set; }

        public int Completed { get; set; }

        public int Failed { get; set; }
    }
}

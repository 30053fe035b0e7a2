using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MidTrain.Models.Remote.Batch;

/// <summary>
/// The files and batches endpoints of an OpenAI-compatible server: upload an input file, create, get, list and cancel
/// batches, download result files. Transient failures (transport, 408, 429, 5xx) are retried with backoff honouring
/// <c>Retry-After</c> (these control calls are not under the chat resilience layer); other answers throw a
/// <see cref="ModelCallException"/> naming the endpoint and status, never the key. Thread-safe.
/// </summary>
internal sealed class OpenAiBatchApi : IDisposable
{
    private const int Attempts = 6;
    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly TimeProvider _time;
    private readonly TimeSpan _firstDelay;

    /// <param name="endpoint">The base URL including <c>/v1</c>.</param>
    /// <param name="apiKey">The key (from the environment variable the configuration names), or null for keyless servers.</param>
    /// <param name="time">Clock for backoff delays.</param>
    /// <param name="firstDelay">First backoff delay (doubled per attempt).</param>
    public OpenAiBatchApi(Uri endpoint, string? apiKey, TimeProvider time, TimeSpan? firstDelay = null)
    {
        _base = new Uri(endpoint.ToString().TrimEnd('/') + "/");
        _time = time;
        _firstDelay = firstDelay ?? TimeSpan.FromSeconds(1);
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.All })
        {
            Timeout = TimeSpan.FromMinutes(30),
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }
    }

    public Uri Endpoint => _base;

    /// <summary>Uploads a batch input file (<c>purpose=batch</c>); returns its file id.</summary>
    public async Task<string> UploadAsync(ReadOnlyMemory<byte> content, string fileName, CancellationToken cancellationToken)
    {
        using var json = await SendAsync(HttpMethod.Post, "files", () =>
        {
            var form = new MultipartFormDataContent();
            form.Add(new StringContent("batch"), "purpose");
            var file = new ReadOnlyMemoryContent(content);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
            form.Add(file, "file", fileName);
            return form;
        }, cancellationToken).ConfigureAwait(false);
        return json.RootElement.GetProperty("id").GetString() ?? throw new ModelCallException(ModelFailureKinds.Parse, $"{_base}files: the upload answer has no file id");
    }

    /// <summary>Creates a batch over an uploaded input file, tagged with <paramref name="metadata"/>.</summary>
    public async Task<BatchInfo> CreateAsync(string inputFileId, string completionWindow, IReadOnlyDictionary<string, string> metadata, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["input_file_id"] = inputFileId,
            ["endpoint"] = "/v1/chat/completions",
            ["completion_window"] = completionWindow,
            ["metadata"] = new JsonObject(metadata.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
        };
        using var json = await SendAsync(HttpMethod.Post, "batches", () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
        return BatchInfo.Read(json.RootElement);
    }

    /// <summary>The batch <paramref name="batchId"/> now.</summary>
    public async Task<BatchInfo> GetAsync(string batchId, CancellationToken cancellationToken)
    {
        using var json = await SendAsync(HttpMethod.Get, "batches/" + Uri.EscapeDataString(batchId), null, cancellationToken).ConfigureAwait(false);
        return BatchInfo.Read(json.RootElement);
    }

    /// <summary>Asks the provider to cancel the batch.</summary>
    public async Task<BatchInfo> CancelAsync(string batchId, CancellationToken cancellationToken)
    {
        using var json = await SendAsync(HttpMethod.Post, "batches/" + Uri.EscapeDataString(batchId) + "/cancel", () => new StringContent("{}", Encoding.UTF8, "application/json"), cancellationToken).ConfigureAwait(false);
        return BatchInfo.Read(json.RootElement);
    }

    /// <summary>The most recent batches, newest first, at most <paramref name="pages"/> pages of 100.</summary>
    public async Task<IReadOnlyList<BatchInfo>> ListAsync(int pages, CancellationToken cancellationToken)
    {
        var result = new List<BatchInfo>();
        string? after = null;
        for (var page = 0; page < pages; page++)
        {
            var path = "batches?limit=100" + (after is null ? string.Empty : "&after=" + Uri.EscapeDataString(after));
            using var json = await SendAsync(HttpMethod.Get, path, null, cancellationToken).ConfigureAwait(false);
            var data = json.RootElement.GetProperty("data");
            foreach (var batch in data.EnumerateArray())
            {
                result.Add(BatchInfo.Read(batch));
            }

            if (data.GetArrayLength() == 0 || !(json.RootElement.TryGetProperty("has_more", out var more) && more.ValueKind == JsonValueKind.True))
            {
                break;
            }

            after = result[^1].Id;
        }

        return result;
    }

    /// <summary>Downloads a file's content to <paramref name="path"/> (through a temporary file, then renamed).</summary>
    public Task DownloadAsync(string fileId, string path, CancellationToken cancellationToken) =>
        ExchangeAsync(
            () => new HttpRequestMessage(HttpMethod.Get, new Uri(_base, "files/" + Uri.EscapeDataString(fileId) + "/content")),
            HttpCompletionOption.ResponseHeadersRead,
            "GET files/…/content",
            "files",
            async response =>
            {
                var temp = path + ".download";
                await using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    await response.Content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
                    await file.FlushAsync(cancellationToken).ConfigureAwait(false);
                    file.Flush(flushToDisk: true);
                }

                File.Move(temp, path, overwrite: true);
                return path;
            },
            cancellationToken);

    public void Dispose() => _http.Dispose();

    private Task<JsonDocument> SendAsync(HttpMethod method, string path, Func<HttpContent>? content, CancellationToken cancellationToken) =>
        ExchangeAsync(
            () => new HttpRequestMessage(method, new Uri(_base, path)) { Content = content?.Invoke() },
            HttpCompletionOption.ResponseContentRead,
            $"{method} {Route(path)}",
            Route(path),
            async response =>
            {
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    return JsonDocument.Parse(bytes);
                }
                catch (JsonException ex)
                {
                    throw new ModelCallException(ModelFailureKinds.Parse, $"{_base}{Route(path)} sent a malformed answer: {ex.Message}", ex);
                }
            },
            cancellationToken);

    /// <summary>
    /// Sends a fresh <paramref name="request"/> per attempt until the server answers with success, then reads the answer.
    /// A transient HTTP status or transport failure is retried with backoff (<see cref="Attempts"/> in all); anything
    /// else throws, naming <paramref name="what"/> (an HTTP failure) or <paramref name="route"/> (a transport failure).
    /// </summary>
    private async Task<T> ExchangeAsync<T>(Func<HttpRequestMessage> request, HttpCompletionOption completion, string what, string route, Func<HttpResponseMessage, Task<T>> read, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var message = request();
                using var response = await _http.SendAsync(message, completion, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return await read(response).ConfigureAwait(false);
                }

                await FailOrWaitAsync(response, what, attempt, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransport(ex, cancellationToken) && attempt < Attempts)
            {
                await Task.Delay(Backoff(attempt, null), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsTransport(ex, cancellationToken))
            {
                throw new ModelCallException(ModelFailureKinds.Transport, $"{_base}{route}: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Waits before the next attempt of a transient failure; throws for anything else or the last attempt.</summary>
    private async Task FailOrWaitAsync(HttpResponseMessage response, string what, int attempt, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var transient = status is 408 or 429 or >= 500;
        if (transient && attempt < Attempts)
        {
            await Task.Delay(Backoff(attempt, RetryAfter(response)), _time, cancellationToken).ConfigureAwait(false);
            return;
        }

        var detail = await ErrorMessage(response, cancellationToken).ConfigureAwait(false);
        var kind = status switch
        {
            429 => ModelFailureKinds.RateLimited,
            408 => ModelFailureKinds.Timeout,
            >= 500 => ModelFailureKinds.ServerError,
            _ => ModelFailureKinds.ClientError,
        };
        throw new ModelCallException(kind, $"{_base} answered HTTP {status} to {what}{(detail is null ? string.Empty : ": " + detail)}") { StatusCode = status };
    }

    private static async Task<string?> ErrorMessage(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
            return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message)
                ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var backoff = TimeSpan.FromTicks(_firstDelay.Ticks << Math.Min(attempt - 1, 10));
        return retryAfter is { } hint && hint > backoff ? TimeSpan.FromTicks(Math.Min(hint.Ticks, TimeSpan.FromMinutes(5).Ticks)) : backoff;
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var ms) && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var millis))
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return response.Headers.RetryAfter?.Delta;
    }

    private static bool IsTransport(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>The route without query string or ids, for messages.</summary>
    private static string Route(string path) => path.Split('?')[0];
}

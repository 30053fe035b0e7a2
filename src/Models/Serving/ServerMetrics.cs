using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace MidTrain.Models.Serving;

/// <summary>
/// The counters behind <c>GET /metrics</c>, written in the Prometheus text exposition format (version 0.0.4):
/// requests by route and status, tokens in and out, a request-latency histogram, and gauges read at scrape time
/// (queue depth, requests in flight, the batch scheduler's busy and free sequences). Thread-safe, lock-free on the
/// request path.
/// </summary>
internal sealed class ServerMetrics
{
    /// <summary>Latency bucket bounds in seconds: from a cached 10 ms answer to a 10-minute generation.</summary>
    internal static readonly double[] LatencyBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

    private readonly ConcurrentDictionary<(string Route, int Status), Counter> _requests = new();
    private readonly ConcurrentDictionary<string, Counter> _promptTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Counter> _completionTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram> _latency = new(StringComparer.Ordinal);
    private readonly List<(string Name, string Help, string Type, Func<IEnumerable<(string Labels, double Value)>> Read)> _observed = [];

    /// <summary>Counts one answered request and its duration.</summary>
    public void Request(string route, int status, TimeSpan duration)
    {
        _requests.GetOrAdd((route, status), static _ => new Counter()).Add(1);
        _latency.GetOrAdd(route, static _ => new Histogram()).Observe(duration.TotalSeconds);
    }

    /// <summary>Counts tokens read and generated for <paramref name="route"/>.</summary>
    public void Tokens(string route, long prompt, long completion)
    {
        _promptTokens.GetOrAdd(route, static _ => new Counter()).Add(prompt);
        _completionTokens.GetOrAdd(route, static _ => new Counter()).Add(completion);
    }

    /// <summary>Registers a gauge read at every scrape (before the server starts; not thread-safe with <see cref="Write"/>).</summary>
    public void Gauge(string name, string help, Func<IEnumerable<(string Labels, double Value)>> read) => _observed.Add((name, help, "gauge", read));

    /// <summary>
    /// Registers a counter kept by its owner and read at every scrape (monotonic values only; before the server starts,
    /// not thread-safe with <see cref="Write"/>).
    /// </summary>
    public void ExternalCounter(string name, string help, Func<IEnumerable<(string Labels, double Value)>> read) => _observed.Add((name, help, "counter", read));

    /// <summary>The number of requests answered with <paramref name="status"/> on <paramref name="route"/> so far.</summary>
    public long Requests(string route, int status) => _requests.TryGetValue((route, status), out var c) ? c.Value : 0;

    /// <summary>Writes every metric in the Prometheus text format.</summary>
    public string Write()
    {
        var text = new StringBuilder(4096);
        Header(text, "midtrain_requests_total", "HTTP requests answered, by route and status code.", "counter");
        foreach (var ((route, status), counter) in _requests.OrderBy(e => e.Key.Route, StringComparer.Ordinal).ThenBy(e => e.Key.Status))
        {
            Line(text, "midtrain_requests_total", $"route=\"{Escape(route)}\",status=\"{status.ToString(CultureInfo.InvariantCulture)}\"", counter.Value);
        }

        Header(text, "midtrain_prompt_tokens_total", "Tokens read from requests (prompts, embedding inputs).", "counter");
        foreach (var (route, counter) in _promptTokens.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Line(text, "midtrain_prompt_tokens_total", $"route=\"{Escape(route)}\"", counter.Value);
        }

        Header(text, "midtrain_completion_tokens_total", "Tokens generated.", "counter");
        foreach (var (route, counter) in _completionTokens.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Line(text, "midtrain_completion_tokens_total", $"route=\"{Escape(route)}\"", counter.Value);
        }

        Header(text, "midtrain_request_duration_seconds", "Time from request arrival to the last byte of the answer (queueing included).", "histogram");
        foreach (var (route, histogram) in _latency.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            histogram.Write(text, "midtrain_request_duration_seconds", $"route=\"{Escape(route)}\"");
        }

        foreach (var (name, help, type, read) in _observed)
        {
            Header(text, name, help, type);
            foreach (var (labels, value) in read())
            {
                Line(text, name, labels, value);
            }
        }

        return text.ToString();
    }

    private static void Header(StringBuilder text, string name, string help, string type) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Line(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(Format(value)).Append('\n');
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Add(long amount) => Interlocked.Add(ref _value, amount);
    }

    /// <summary>Cumulative buckets as Prometheus wants them; the sum is kept in microseconds to stay lock-free.</summary>
    private sealed class Histogram
    {
        private readonly long[] _counts = new long[LatencyBuckets.Length + 1];
        private long _sumMicroseconds;

        public void Observe(double seconds)
        {
            var index = Array.FindIndex(LatencyBuckets, bound => seconds <= bound);
            Interlocked.Increment(ref _counts[index < 0 ? LatencyBuckets.Length : index]);
            Interlocked.Add(ref _sumMicroseconds, (long)(seconds * 1e6));
        }

        public void Write(StringBuilder text, string name, string labels)
        {
            long cumulative = 0;
            for (var i = 0; i < LatencyBuckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref _counts[i]);
                Line(text, name + "_bucket", $"{labels},le=\"{Format(LatencyBuckets[i])}\"", cumulative);
            }

            cumulative += Interlocked.Read(ref _counts[^1]);
            Line(text, name + "_bucket", $"{labels},le=\"+Inf\"", cumulative);
            Line(text, name + "_sum", labels, Interlocked.Read(ref _sumMicroseconds) / 1e6);
            Line(text, name + "_count", labels, cumulative);
        }
    }
}

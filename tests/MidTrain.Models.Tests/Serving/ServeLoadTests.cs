using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Models.Local;
using MidTrain.Models.Serving;

namespace MidTrain.Models.Tests.Serving;

/// <summary>Many clients at once against the tiny model behind the real batch scheduler, over loopback HTTP.</summary>
public sealed class ServeLoadTests(ServerFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ServerFixture>
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task TwoHundredClients_QueueOfFifty_EveryRequestAnsweredAndNoSequenceLeaks()
    {
        const int clients = 200, parallel = 4, queue = 50;
        var scheduler = (BatchScheduler)fixture.Local.Backend.GetService(typeof(BatchScheduler))!;
        await using var server = await OpenAiCompatibleServer.StartAsync(fixture.Local.Backend,
            new OpenAiServerOptions { Port = 0, ModelId = "tiny", Parallel = parallel, MaxQueue = queue }, NullLoggerFactory.Instance);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients + 10 };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = Limit };

        // One client in ten gives up early (while queued or mid-generation): its sequence must be freed too.
        var calls = Enumerable.Range(0, clients).Select(async i =>
        {
            using var leave = i % 10 == 0 ? new CancellationTokenSource(TimeSpan.FromMilliseconds(50 + (i * 5))) : new CancellationTokenSource();
            var body = $$"""{"model":"tiny","messages":[{"role":"user","content":"client {{i}}"}],"max_tokens":64,"seed":{{i}},"stream":{{(i % 3 == 0 ? "true" : "false")}}}""";
            try
            {
                using var response = await http.PostAsync("chat/completions", new StringContent(body, Encoding.UTF8, "application/json"), leave.Token);
                var text = await response.Content.ReadAsStringAsync(leave.Token);
                return (Status: (int)response.StatusCode, Text: text, Stream: i % 3 == 0, Left: false, RetryAfter: response.Headers.RetryAfter?.Delta);
            }
            catch (OperationCanceledException) when (leave.IsCancellationRequested)
            {
                return (Status: 0, Text: string.Empty, Stream: false, Left: true, RetryAfter: (TimeSpan?)null);
            }
        }).ToList();
        var results = await Deadline.Within(Task.WhenAll(calls), Limit, "200 concurrent requests");

        results.Where(r => !r.Left).Select(r => r.Status).Should().OnlyContain(s => s == 200 || s == 429);
        output.WriteLine($"{results.Count(r => r.Status == 200)} served, {results.Count(r => r.Status == 429)} got 429, {results.Count(r => r.Left)} clients left early");
        var served = results.Where(r => r.Status == 200).ToList();
        var refused = results.Where(r => r.Status == 429).ToList();
        served.Should().NotBeEmpty();
        refused.Should().NotBeEmpty($"{clients} clients at once exceed {parallel} running + {queue} queued");
        refused.Should().OnlyContain(r => r.RetryAfter >= TimeSpan.FromSeconds(1));
        foreach (var r in served)
        {
            if (r.Stream)
            {
                r.Text.TrimEnd().Should().EndWith("data: [DONE]");
            }
            else
            {
                using var json = JsonDocument.Parse(r.Text);
                json.RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32().Should().BeInRange(1, 64);
            }
        }

        // Every sequence goes back to the scheduler: read it where an operator would, in /metrics.
        string metrics = string.Empty;
        await Deadline.Until(() =>
        {
            metrics = http.GetStringAsync("/metrics").GetAwaiter().GetResult();
            return Gauge(metrics, "midtrain_batch_sequences_free") == parallel && Gauge(metrics, "midtrain_batch_sequences_busy") == 0
                && Gauge(metrics, "midtrain_queue_depth{route=\"/v1/chat/completions\"}") == 0 && Gauge(metrics, "midtrain_requests_running{route=\"/v1/chat/completions\"}") == 0;
        }, TimeSpan.FromSeconds(30));
        Gauge(metrics, "midtrain_batch_sequences_free").Should().Be(parallel, metrics);
        Gauge(metrics, "midtrain_batch_sequences_busy").Should().Be(0);
        Gauge(metrics, "midtrain_queue_depth{route=\"/v1/chat/completions\"}").Should().Be(0);
        Gauge(metrics, "midtrain_requests_running{route=\"/v1/chat/completions\"}").Should().Be(0);
        scheduler.ActiveCount.Should().Be(0);

        // The server counted every request it received once, as served, refused or abandoned by its client (a client
        // that gave up before its request was sent is not seen at all).
        long Count(int status) => server.Metrics.Requests(ChatCompletionsHandler.Route, status);
        var answered = served.Count + refused.Count;
        Count(200).Should().BeGreaterThanOrEqualTo(served.Count);
        Count(429).Should().BeGreaterThanOrEqualTo(refused.Count);
        (Count(200) + Count(429) + Count(OpenAiError.ClientClosedRequest)).Should().BeInRange(answered, clients);
        (Count(200) + Count(429) - answered).Should().BeLessThanOrEqualTo(results.Count(r => r.Left), "only a client that left can miss an answer the server sent");

        // Still serving.
        using var after = await http.PostAsync("chat/completions", new StringContent("""{"model":"tiny","messages":[{"role":"user","content":"x"}],"max_tokens":4}""", Encoding.UTF8, "application/json"));
        after.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static double Gauge(string metrics, string series)
    {
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

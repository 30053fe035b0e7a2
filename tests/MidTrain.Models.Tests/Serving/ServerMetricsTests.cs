using MidTrain.Models.Serving;

namespace MidTrain.Models.Tests.Serving;

public sealed class ServerMetricsTests
{
    [Fact]
    public void Write_Requests_CountersByRouteAndStatus()
    {
        var metrics = new ServerMetrics();
        metrics.Request("/v1/chat/completions", 200, TimeSpan.FromMilliseconds(30));
        metrics.Request("/v1/chat/completions", 200, TimeSpan.FromMilliseconds(30));
        metrics.Request("/v1/chat/completions", 429, TimeSpan.FromMilliseconds(1));
        metrics.Tokens("/v1/chat/completions", 10, 4);

        var text = metrics.Write();

        text.Should().Contain("# TYPE midtrain_requests_total counter\n");
        text.Should().Contain("midtrain_requests_total{route=\"/v1/chat/completions\",status=\"200\"} 2\n");
        text.Should().Contain("midtrain_requests_total{route=\"/v1/chat/completions\",status=\"429\"} 1\n");
        text.Should().Contain("midtrain_prompt_tokens_total{route=\"/v1/chat/completions\"} 10\n");
        text.Should().Contain("midtrain_completion_tokens_total{route=\"/v1/chat/completions\"} 4\n");
    }

    [Fact]
    public void Write_Histogram_BucketsAreCumulativeWithSumAndCount()
    {
        var metrics = new ServerMetrics();
        foreach (var ms in new[] { 5, 20, 20, 700, 2000_000 })
        {
            metrics.Request("/r", 200, TimeSpan.FromMilliseconds(ms));
        }

        var lines = metrics.Write().Split('\n');
        string Value(string series) => lines.Single(l => l.StartsWith(series + " ", StringComparison.Ordinal)).Split(' ')[1];

        Value("midtrain_request_duration_seconds_bucket{route=\"/r\",le=\"0.01\"}").Should().Be("1");
        Value("midtrain_request_duration_seconds_bucket{route=\"/r\",le=\"0.025\"}").Should().Be("3");
        Value("midtrain_request_duration_seconds_bucket{route=\"/r\",le=\"0.5\"}").Should().Be("3");
        Value("midtrain_request_duration_seconds_bucket{route=\"/r\",le=\"1\"}").Should().Be("4");
        Value("midtrain_request_duration_seconds_bucket{route=\"/r\",le=\"600\"}").Should().Be("4", "2000 s is beyond the last bound");
        Value("midtrain_request_duration_seconds_bucket{route=\"/r\",le=\"+Inf\"}").Should().Be("5");
        Value("midtrain_request_duration_seconds_count{route=\"/r\"}").Should().Be("5");
        double.Parse(Value("midtrain_request_duration_seconds_sum{route=\"/r\"}"), System.Globalization.CultureInfo.InvariantCulture).Should().BeApproximately(2000.745, 1e-6);
    }

    [Fact]
    public void Write_Gauges_ReadAtScrapeTime()
    {
        var metrics = new ServerMetrics();
        var depth = 3;
        metrics.Gauge("midtrain_queue_depth", "Waiting.", () => [("route=\"/x\"", depth)]);
        metrics.Write().Should().Contain("# TYPE midtrain_queue_depth gauge\nmidtrain_queue_depth{route=\"/x\"} 3\n");
        depth = 0;
        metrics.Write().Should().Contain("midtrain_queue_depth{route=\"/x\"} 0\n");
    }
}

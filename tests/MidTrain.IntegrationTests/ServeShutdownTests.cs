using System.Diagnostics;
using System.Net;
using System.Text;

namespace MidTrain.IntegrationTests;

/// <summary>The real <c>midtrain serve</c> process stopped the way a container runtime or an operator stops it.</summary>
public sealed class ServeShutdownTests
{
    private const int SigInt = 2;
    private const int SigTerm = 15;
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(SigTerm, "SIGTERM")]
    [InlineData(SigInt, "SIGINT")]
    public async Task Signal_StreamInFlight_StreamCancelledAfterShutdownTimeoutAndExitZero(int signal, string name)
    {
        // A generation far longer than the 1 s shutdown timeout (the random model may end a free answer at any token, but
        // under this schema it must write 900 strings: ~8000 tokens, ~20 s here): the stream is cut with an error event.
        await using var serve = await ServeProcess.StartAsync(StartLimit, null,
            "--model", "tiny", "--context", "16384", "--max-tokens-limit", "16000", "--parallel", "2", "--shutdown-timeout", "1");
        using var http = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        const string body = """
            {"model":"tiny","messages":[{"role":"user","content":"go on"}],"max_tokens":16000,"stream":true,
             "response_format":{"type":"json_schema","json_schema":{"name":"long","schema":{"type":"array","items":{"type":"string","minLength":4,"maxLength":8},"minItems":900}}}}
            """;
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        (await reader.ReadLineAsync())!.Should().StartWith("data: {", "the stream is under way");

        var clock = Stopwatch.StartNew();
        serve.Signal(signal);
        var code = await serve.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var elapsed = clock.Elapsed;

        code.Should().Be(0, serve.Stderr);
        elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30), "1 s of grace, then the stream is cancelled (a loaded 2-core machine needs the margin)");
        var rest = await reader.ReadToEndAsync();
        rest.Should().Contain("\"code\":\"server_shutting_down\"").And.NotContain("[DONE]");
        serve.Stderr.Should().Contain($"{name}: stopping").And.Contain("stopped");
    }

    [Fact]
    public async Task Signal_Idle_ExitsZeroAtOnce()
    {
        await using var serve = await ServeProcess.StartAsync(StartLimit, null, "--model", "tiny", "--parallel", "1");
        using var http = new HttpClient { BaseAddress = serve.BaseAddress };
        (await http.GetStringAsync("/health")).Should().Be("{\"status\":\"ok\"}");

        var clock = Stopwatch.StartNew();
        serve.Signal(SigTerm);
        (await serve.WaitForExitAsync(TimeSpan.FromSeconds(20))).Should().Be(0, serve.Stderr);
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "nothing is in flight, so nothing is waited for");
    }

    [Fact]
    public async Task PublicHostWithoutKey_RefusedWithExitCode2()
    {
        var (code, _, err) = await MidtrainCli.RunAsync(Path.GetTempPath(), StartLimit, "serve", "--model", "tiny", "--host", "0.0.0.0");
        code.Should().Be(2);
        err.Should().Contain("--host").And.Contain("--api-key-env");
    }
}

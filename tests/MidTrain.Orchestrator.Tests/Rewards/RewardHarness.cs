using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Rewards;
using MidTrain.Orchestrator.Rewards.Http;
using MidTrain.Tests;

namespace MidTrain.Orchestrator.Tests.Rewards;

/// <summary>A rewards file built and served on a free loopback port, with an HTTP client pointed at it.</summary>
internal sealed class RewardHarness : IAsyncDisposable
{
    private RewardHarness(string dir, RewardSet rewards, RewardServer server)
    {
        Directory = dir;
        Rewards = rewards;
        Server = server;
        Http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
    }

    public string Directory { get; }

    public RewardSet Rewards { get; }

    public RewardServer Server { get; }

    public HttpClient Http { get; }

    /// <summary>Writes <paramref name="yaml"/> to a temporary rewards.yaml, builds it and serves it.</summary>
    public static async Task<RewardHarness> StartAsync(string yaml, RewardServerOptions? options = null, Func<string, ConfigMapping, IChatClient>? models = null)
    {
        var dir = TestPaths.NewTempDir("rewards");
        var file = Path.Combine(dir, "rewards.yaml");
        await File.WriteAllTextAsync(file, yaml);
        var rewards = RewardSet.Load(file, new RewardRuntime { ModelFactory = models });
        try
        {
            var server = await RewardServer.StartAsync(rewards, options ?? new RewardServerOptions { Port = 0 }, NullLoggerFactory.Instance);
            return new RewardHarness(dir, rewards, server);
        }
        catch
        {
            await rewards.DisposeAsync();
            throw;
        }
    }

    /// <summary>POSTs <paramref name="body"/> (JSON text) and returns the status and the parsed answer.</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, string body)
    {
        var response = await Http.PostAsync(path.TrimStart('/'), new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    /// <summary>POSTs <paramref name="body"/> and requires a 200.</summary>
    public async Task<JsonNode> OkAsync(string path, string body)
    {
        var (status, answer, _) = await PostAsync(path, body);
        status.Should().Be(HttpStatusCode.OK, answer?.ToJsonString());
        return answer!;
    }

    /// <summary>POSTs <paramref name="body"/>, requires a 400 and returns the error object.</summary>
    public async Task<JsonNode> BadRequestAsync(string path, string body)
    {
        var (status, answer, _) = await PostAsync(path, body);
        status.Should().Be(HttpStatusCode.BadRequest, answer?.ToJsonString());
        return answer!["error"]!;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        await Rewards.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

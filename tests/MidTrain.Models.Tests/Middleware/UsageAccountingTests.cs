using Microsoft.Extensions.AI;
using MidTrain.Models.Middleware;
using MidTrain.Models.Remote;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Middleware;

public sealed class UsageAccountingTests
{
    private static ChatResponse Reply(int input, int cached, int output) =>
        new(new ChatMessage(ChatRole.Assistant, "ok")) { Usage = new UsageDetails { InputTokenCount = input, CachedInputTokenCount = cached, OutputTokenCount = output } };

    [Fact]
    public async Task GetResponseAsync_InsideScopes_TotalsAndPerScopeFiguresAddUp()
    {
        var usage = new ModelUsage();
        using var client = new ChatClientBuilder(new ScriptedChatClient(_ => Reply(100, 40, 10))).UseUsageAccounting(usage).Build();

        using (UsageScope.Enter("generate"))
        {
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => client.GetResponseAsync("q"))));
        }

        using (UsageScope.Enter("judge"))
        {
            await client.GetResponseAsync("q");
        }

        await client.GetResponseAsync("outside any scope");

        usage.Totals.Should().Be(new UsageTotals(5, 500, 200, 50));
        usage.ByScope.Should().BeEquivalentTo(new Dictionary<string, UsageTotals>
        {
            ["generate"] = new(3, 300, 120, 30),
            ["judge"] = new(1, 100, 40, 10),
        });
        UsageScope.Current.Should().BeNull("a scope ends with its using block");
    }

    [Fact]
    public async Task RemoteModel_ServerReportsCachedPromptTokens_CountedApart()
    {
        await using var server = new FakeOpenAiServer { CachedPromptTokens = 3 };
        var spec = new ModelSpec { Name = "remote", Provider = ModelProvider.Openai, Model = "fake", OpenAi = new OpenAiModelOptions { Endpoint = server.Endpoint } };
        await using var handle = await ModelFactory.CreateAsync(spec, ModelRuntimeOptions.Default);

        for (var i = 0; i < 4; i++)
        {
            await handle.Client.GetResponseAsync($"a prompt long enough to have a few tokens, number {i}");
        }

        handle.Usage.Requests.Should().Be(4);
        handle.Usage.CachedInputTokens.Should().Be(12);
        handle.Usage.InputTokens.Should().BeGreaterThan(12);
        handle.Usage.OutputTokens.Should().BeGreaterThan(0);
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using MidTrain.Models.Remote;
using MidTrain.Models.Remote.Batch;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Remote.Batch;

/// <summary>Batch mode through the model stack (cache off, usage, batch client) against a fake batch API on loopback.</summary>
public sealed class BatchChatClientTests : IDisposable
{
    private const string KeyVariable = "MIDTRAIN_TEST_BATCH_KEY";
    private const string Key = "sk-batch-secret-7f3a9c";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly string _dir = TestPaths.NewTempDir("midtrain-batch");

    public BatchChatClientTests() => Environment.SetEnvironmentVariable(KeyVariable, Key);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, true);
        }
    }

    private async Task<ModelHandle> Model(FakeOpenAiServer server, int maxRequests = 1000, TimeSpan? poll = null, TimeSpan? linger = null) =>
        await ModelFactory.CreateAsync(
            new ModelSpec
            {
                Name = "teacher",
                Provider = ModelProvider.Openai,
                Model = "fake",
                OpenAi = new OpenAiModelOptions { Endpoint = server.Endpoint, ApiKeyEnv = KeyVariable },
                Batch = new BatchOptions { Enabled = true, Linger = linger ?? TimeSpan.FromMilliseconds(200), Poll = poll ?? TimeSpan.FromMilliseconds(100), MaxRequests = maxRequests },
            },
            new ModelRuntimeOptions { StateDirectory = _dir });

    private static Task<ChatResponse[]> Ask(ModelHandle model, IEnumerable<string> prompts, CancellationToken cancellationToken = default) =>
        Task.WhenAll(prompts.Select(p => model.Client.GetResponseAsync(p, new ChatOptions { Seed = 7, MaxOutputTokens = 64 }, cancellationToken)));

    private static string[] Prompts(int n, string prefix = "question") => Enumerable.Range(0, n).Select(i => $"{prefix} {i}: what does the passage say?").ToArray();

    [Fact]
    public async Task GetResponseAsync_ManyCalls_GatheredIntoOneBatch_EveryCallAnswered_IdenticalCallsShareALine()
    {
        await using var server = new FakeOpenAiServer();
        await using var model = await Model(server);
        var prompts = Prompts(30).Append("question 0: what does the passage say?").ToArray();

        var answers = await Deadline.Within(Ask(model, prompts), Timeout, "batch");

        answers.Should().OnlyContain(a => a.Text.Contains("question", StringComparison.Ordinal));
        answers[^1].Text.Should().Be(answers[0].Text);
        server.Batches.Should().ContainSingle().Which.CustomIds.Should().HaveCount(30, "the repeated call shares its line");
        model.Usage.Requests.Should().Be(31);
        model.Usage.InputTokens.Should().BeGreaterThan(0);
        model.Usage.OutputTokens.Should().BeGreaterThan(0);
        server.Requests.Should().Be(0, "no call went to /v1/chat/completions");
        model.Client.GetService(typeof(BatchProgress)).Should().Be(new BatchProgress(Queued: 0, OpenBatches: 0, RequestsInOpenBatches: 0, EndedBatches: 1));
    }

    [Fact]
    public async Task GetResponseAsync_MoreCallsThanABatchHolds_SplitWithinTheLimit()
    {
        await using var server = new FakeOpenAiServer();
        await using var model = await Model(server, maxRequests: 10);

        await Deadline.Within(Ask(model, Prompts(25)), Timeout, "batch");

        server.Batches.Select(b => b.CustomIds.Count).Should().BeEquivalentTo([10, 10, 5]);
    }

    [Fact]
    public async Task GetResponseAsync_PollerLooksWhileABatchIsBeingCreated_ItsRequestsAreNotSubmittedTwice()
    {
        // The poller looks up recorded submissions whose creation was cut off (by a crash or a lost answer) and queues
        // their requests again when the provider does not list them. A submission still being created is not cut off:
        // here the poller runs every 10 ms, each submission waits 100 ms between being recorded and being created, and
        // a list arrives 300 ms after it was taken, so a poller that looked at it would find no batch and submit its
        // requests a second time.
        await using var server = new FakeOpenAiServer { ListLatency = TimeSpan.FromMilliseconds(300) };
        await using var model = await Model(server, maxRequests: 10, poll: TimeSpan.FromMilliseconds(10));
        var batch = (BatchChatClient)model.Client.GetService(typeof(BatchChatClient))!;
        batch.AfterSubmissionRecorded = () => Task.Delay(100);

        await Deadline.Within(Ask(model, Prompts(25)), Timeout, "batches");

        server.Batches.Select(b => b.CustomIds.Count).Should().BeEquivalentTo([10, 10, 5]);
        server.Batches.SelectMany(b => b.CustomIds).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task GetResponseAsync_FailedAndExpiredRequests_ResubmittedOnceThenFailedWithTheirKind()
    {
        await using var server = new FakeOpenAiServer();
        var prompts = Prompts(12);
        var ids = prompts.Select(p => BatchRequestCodec.CustomId(BatchRequestCodec.Body("fake", [new ChatMessage(ChatRole.User, p)], new ChatOptions { Seed = 7, MaxOutputTokens = 64 }))).ToArray();
        server.BatchFate = (line, attempt) => Array.IndexOf(ids, line["custom_id"]!.GetValue<string>()) switch
        {
            0 or 1 => attempt == 1 ? "fail" : "ok",   // a 500 once: fine on the second try
            2 => attempt == 1 ? "expire" : "ok",      // expired once: fine on the second try
            3 => "expire",                           // expired twice: fails
            4 => "fail",                             // a 500 twice: fails
            _ => "ok",
        };
        await using var model = await Model(server);

        var calls = prompts.Select(p => model.Client.GetResponseAsync(p, new ChatOptions { Seed = 7, MaxOutputTokens = 64 })).ToArray();
        await Deadline.Within(Task.WhenAll(calls).ContinueWith(_ => { }, TaskScheduler.Default), Timeout, "batches");

        calls.Where((_, i) => i is not (3 or 4)).Should().OnlyContain(c => c.IsCompletedSuccessfully);
        calls[3].Exception!.InnerException.Should().BeOfType<ModelCallException>().Which.Kind.Should().Be(ModelFailureKinds.BatchExpired);
        calls[4].Exception!.InnerException.Should().BeOfType<ModelCallException>().Which.Kind.Should().Be(ModelFailureKinds.ServerError);
        for (var i = 0; i < ids.Length; i++)
        {
            server.Submissions(ids[i]).Should().Be(i < 5 ? 2 : 1, $"request {i}");
        }

        // Asked again (as a resume would), a request that failed twice fails at once, without a third batch.
        var again = async () => await model.Client.GetResponseAsync(prompts[3], new ChatOptions { Seed = 7, MaxOutputTokens = 64 });
        (await again.Should().ThrowAsync<ModelCallException>()).Which.Kind.Should().Be(ModelFailureKinds.BatchExpired);
        server.Submissions(ids[3]).Should().Be(2);
    }

    [Fact]
    public async Task NewSession_BatchSubmittedByAnEarlierOne_IsCollectedNotResubmitted_AndItsResultsDownloadedOnce()
    {
        await using var server = new FakeOpenAiServer { BatchDelay = TimeSpan.FromSeconds(1.5) };
        var prompts = Prompts(20);
        var first = await Model(server);
        using (var abandon = new CancellationTokenSource())
        {
            var calls = Ask(first, prompts, abandon.Token);
            await Deadline.Until(() => File.Exists(Path.Combine(_dir, "batches", "teacher", "state.jsonl"))
                && File.ReadAllText(Path.Combine(_dir, "batches", "teacher", "state.jsonl")).Contains("\"created\"", StringComparison.Ordinal), Timeout);
            await abandon.CancelAsync();
            await calls.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await first.DisposeAsync(); // the process is gone; the batch runs on
        server.Batches.Should().ContainSingle();

        await using (var second = await Model(server))
        {
            var answers = await Deadline.Within(Ask(second, prompts), Timeout, "collect");
            answers.Should().HaveCount(20).And.OnlyContain(a => a.Text.Length > 0);
        }

        server.Batches.Should().ContainSingle("the second session found the first session's batch");
        var output = server.Batches[0].OutputFileId!;
        server.Downloads[output].Should().Be(1);

        await using (var third = await Model(server))
        {
            await Deadline.Within(Ask(third, prompts), Timeout, "replay");
        }

        server.Batches.Should().ContainSingle();
        server.Downloads[output].Should().Be(1, "results are kept in the run directory once collected");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NewSession_CreationCutOffBeforeItWasRecorded_FindsTheBatchByItsSubmissionId_OrSubmitsAgain(bool created)
    {
        await using var server = new FakeOpenAiServer();
        var prompts = Prompts(5);
        var bodies = prompts.Select(p => BatchRequestCodec.Body("fake", [new ChatMessage(ChatRole.User, p)], new ChatOptions { Seed = 7, MaxOutputTokens = 64 })).ToArray();
        var ids = bodies.Select(BatchRequestCodec.CustomId).ToArray();
        var input = string.Concat(bodies.Select((b, i) => new JsonObject { ["custom_id"] = ids[i], ["method"] = "POST", ["url"] = "/v1/chat/completions", ["body"] = b.DeepClone() }.ToJsonString() + "\n"));

        // What a session killed between "submitting" and "created" leaves: an uploaded file, maybe a batch, and the state line.
        using var http = new HttpClient();
        using var form = new MultipartFormDataContent { { new StringContent("batch"), "purpose" }, { new ByteArrayContent(Encoding.UTF8.GetBytes(input)), "file", "in.jsonl" } };
        var fileId = JsonNode.Parse(await (await http.PostAsync(server.Endpoint + "/files", form)).Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        if (created)
        {
            var create = new JsonObject { ["input_file_id"] = fileId, ["endpoint"] = "/v1/chat/completions", ["completion_window"] = "24h", ["metadata"] = new JsonObject { [BatchChatClient.SubmissionKey] = "mt-cut" } };
            (await http.PostAsync(server.Endpoint + "/batches", new StringContent(create.ToJsonString(), Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        var state = Path.Combine(_dir, "batches", "teacher");
        Directory.CreateDirectory(state);
        File.WriteAllText(Path.Combine(state, "state.jsonl"), new JsonObject
        {
            ["event"] = "submitting",
            ["submission"] = "mt-cut",
            ["file"] = fileId,
            ["at"] = "2026-01-01T00:00:00.0000000+00:00",
            ["custom_ids"] = new JsonArray(ids.Select(i => (JsonNode)i).ToArray()),
        }.ToJsonString() + "\n");

        await using var model = await Model(server);
        var answers = await Deadline.Within(Ask(model, prompts), Timeout, "recover");

        answers.Should().HaveCount(5);
        server.Batches.Should().ContainSingle(created ? "the cut-off batch was found, not submitted again" : "the requests went out once, now");
        if (created)
        {
            server.Batches[0].Metadata.Should().Contain("mt-cut");
        }
        else
        {
            server.Batches[0].Metadata.Should().NotContain("mt-cut");
        }

        File.ReadAllText(Path.Combine(state, "state.jsonl")).Should().Contain(created ? "\"created\"" : "\"abandoned\"");
    }

    [Fact]
    public async Task Batch_TheKey_OnlyInTheAuthorizationHeader_NeverInFilesMetadataOrState()
    {
        await using var server = new FakeOpenAiServer();
        await using (var model = await Model(server))
        {
            await Deadline.Within(Ask(model, Prompts(3)), Timeout, "batch");
        }

        server.Authorizations.Should().OnlyContain(a => a == "Bearer " + Key);
        server.Bodies.Should().NotContain(b => b.Contains(Key, StringComparison.Ordinal));
        server.Batches.Should().OnlyContain(b => !b.Metadata.Contains(Key, StringComparison.Ordinal));
        server.Batches[0].Metadata.Should().Contain(BatchChatClient.SubmissionKey).And.Contain("teacher");
        foreach (var file in Directory.EnumerateFiles(_dir, "*", SearchOption.AllDirectories))
        {
            File.ReadAllText(file).Should().NotContain(Key, file);
        }
    }
}

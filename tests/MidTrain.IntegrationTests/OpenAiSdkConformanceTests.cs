using System.Diagnostics;
using System.Text.Json;
using MidTrain.Tests;

namespace MidTrain.IntegrationTests;

/// <summary>
/// <c>midtrain serve</c> as the official OpenAI SDK for Node (the <c>openai</c> npm package, 4.x, installed by
/// <c>.ci/run</c> into tests/node) sees it: tests/node/openai-conformance.mjs runs chat, streaming, structured output,
/// log-probabilities, stop sequences, embeddings, the error objects of invalid requests, authentication and the queue
/// limit against a real server, and prints one JSON line per check.
/// </summary>
public sealed class OpenAiSdkConformanceTests
{
    private const string Node = "/usr/bin/node";

    [SkippableFact]
    public async Task OpenAiNodeSdk_EveryConformanceCheck_Passes()
    {
        var folder = Path.Combine(TestPaths.RepoRoot, "tests", "node");
        Skip.IfNot(File.Exists(Node), $"{Node} is absent (install Node.js to run the OpenAI SDK conformance checks)");
        Skip.IfNot(File.Exists(Path.Combine(folder, "node_modules", "openai", "package.json")),
            $"the openai npm package is not installed in {folder} (run `npm ci --prefix tests/node`, as .ci/run does)");

        const string keyVariable = "MIDTRAIN_CONFORMANCE_KEY";
        var key = "sk-conformance-" + Guid.NewGuid().ToString("N");
        await using var serve = await ServeProcess.StartAsync(TimeSpan.FromSeconds(90), new Dictionary<string, string> { [keyVariable] = key },
            "--model", "tiny", "--embedding-model", "tiny", "--pooling", "mean", "--api-key-env", keyVariable,
            "--parallel", "1", "--max-queue", "1", "--max-tokens-limit", "1000");
        serve.Stderr.Should().NotContain(key, "the key is never logged");

        var info = new ProcessStartInfo(Node)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(folder, "openai-conformance.mjs"));
        info.Environment["MIDTRAIN_BASE_URL"] = serve.BaseAddress.ToString().TrimEnd('/');
        info.Environment["MIDTRAIN_API_KEY"] = key;
        info.Environment["MIDTRAIN_MODEL"] = "tiny";
        info.Environment["MIDTRAIN_EMBEDDING_MODEL"] = "tiny";
        info.Environment["MIDTRAIN_MAX_TOKENS_LIMIT"] = "1000";
        info.Environment["MIDTRAIN_QUEUE_PROBE"] = "1";
        using var node = Process.Start(info)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await Deadline.Within(node.WaitForExitAsync(), TimeSpan.FromMinutes(3), "the OpenAI SDK conformance script");

        var checks = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        var failed = checks.Where(c => !c.GetProperty("ok").GetBoolean()).Select(c => $"{c.GetProperty("check").GetString()}: {c.GetProperty("detail").GetString()}").ToList();
        failed.Should().BeEmpty($"stderr: {await stderr}");
        checks.Count.Should().BeGreaterThanOrEqualTo(35, "every check reported");
        node.ExitCode.Should().Be(0, await stderr);
        serve.Stderr.Should().NotContain(key);
    }
}

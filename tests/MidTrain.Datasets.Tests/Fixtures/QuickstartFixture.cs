using MidTrain.Orchestrator.Runs;
using MidTrain.Tests;

namespace MidTrain.Datasets.Tests.Fixtures;

/// <summary>One finished quickstart run (scripted models), shared read-only by the export tests of a class.</summary>
public sealed class QuickstartFixture : IAsyncLifetime
{
    public string Root { get; } = TestPaths.NewTempDir("midtrain-datasets");

    public string RunDirectory => Path.Combine(Root, "run");

    public async Task InitializeAsync()
    {
        var outcome = await QuickstartRun.RunAsync(QuickstartRun.Config(Root), RunDirectory);
        if (outcome.Status != RunStatus.Completed)
        {
            throw new InvalidOperationException($"the quickstart run did not complete: {outcome.Message}");
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }
}

namespace MidTrain.Orchestrator.Tests.Rewards;

/// <summary>Tests that run sandboxed programs run one class at a time (each server has a pool as large as the cores).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SandboxCollection
{
    public const string Name = "reward sandbox";
}

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>The hostile suite through warm sandbox servers (the default path).</summary>
[Collection(SandboxTestKit.Collection)]
public sealed class WarmHostileProgramTests : HostileProgramTests
{
    protected override bool Warm => true;
}

namespace MidTrain.Verifiers.Tests.Code;

/// <summary>The hostile suite through one-shot sandboxes (<c>WarmStart = false</c>).</summary>
[Collection(SandboxTestKit.Collection)]
public sealed class OneShotHostileProgramTests : HostileProgramTests
{
    protected override bool Warm => false;
}

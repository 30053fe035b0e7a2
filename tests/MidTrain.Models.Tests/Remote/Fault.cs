namespace MidTrain.Models.Tests.Remote;

/// <summary>The faults the loopback server can inject on one attempt.</summary>
public enum Fault
{
    None,
    RateLimited,
    Status500,
    Status503,
    Reset,
    Slow,
    Truncated,
    Malformed,
}

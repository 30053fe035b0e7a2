namespace MidTrain.Models;

/// <summary>
/// The ambient name calls are attributed to in <see cref="ModelUsage.ByScope"/> (the pipeline engine enters the stage
/// name in each of a stage's workers, so usage and cost are reported per stage without the stages knowing). Flows with
/// the async context like <see cref="System.Diagnostics.Activity.Current"/>; thread-safe.
/// </summary>
public static class UsageScope
{
    private static readonly AsyncLocal<string?> Ambient = new();

    /// <summary>The scope of the calling async flow, or null.</summary>
    public static string? Current => Ambient.Value;

    /// <summary>Attributes the calls made by this async flow (and the flows it starts) to <paramref name="scope"/> until the result is disposed.</summary>
    public static IDisposable Enter(string? scope)
    {
        var previous = Ambient.Value;
        Ambient.Value = scope;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}

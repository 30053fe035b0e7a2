using MidTrain.Core.Configuration;
using MidTrain.Models.Serving;

namespace MidTrain.Orchestrator.Rewards.Http;

/// <summary>
/// Where and how <see cref="RewardServer"/> serves: the shared hosting settings of <see cref="ServiceHostOptions"/>
/// (here port 8100, next to <c>midtrain serve</c>'s 8000; 16 reward requests at once, whose items share the workers; a
/// queue of 256; bodies up to 64 MiB) and the batch limit. Defaults live here and in the base only
/// (<c>midtrain serve rewards</c> passes a flag's value only when it is given). The server calls <see cref="Validate"/>.
/// Init-only: the server reads it once.
/// </summary>
public sealed class RewardServerOptions : ServiceHostOptions
{
    /// <summary>
    /// The defaults: port 8100, <see cref="ServiceHostOptions.Parallel"/> 16 reward requests (each one item or a
    /// batch), <see cref="ServiceHostOptions.MaxQueue"/> 256, bodies up to 64 MiB.
    /// </summary>
    public RewardServerOptions()
        : base(port: 8100, parallel: 16, maxQueue: 256, maxRequestBodyBytes: 64L * 1024 * 1024, exposure: "run code in the sandbox and use the judge models")
    {
    }

    /// <summary>Most items in one request (a <c>batch</c>, OpenRLHF's <c>query</c>; default 4096); more is a 400.</summary>
    public int MaxBatch { get; init; } = 4096;

    /// <inheritdoc />
    public override void Validate()
    {
        base.Validate();
        if (MaxBatch is < 1 or > 1_000_000)
        {
            throw new OptionsValidationException("max_batch", "must be between 1 and 1000000");
        }
    }
}

using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Limits;

/// <summary>
/// The pipeline's <c>target:</c> section: stop reading the corpus once enough samples are accepted. The count is of
/// accepted lines as they are written (across resumes), before the end-of-run near-duplicate settlement, which can
/// only move samples out of <c>accepted.jsonl</c>: the manifest reports the count at the stop and after settlement,
/// so a run that must end with at least N samples sets a target a little above N (or resumes with a raised one).
/// Items in flight when the target is met finish, so the run may accept a few more than the target.
/// </summary>
public sealed class TargetOptions : IValidatableOptions
{
    /// <summary>Accepted samples to reach (<c>accepted</c>).</summary>
    [Range(1, long.MaxValue)]
    public long? Accepted { get; set; }

    /// <inheritdoc />
    public void Validate()
    {
        if (Accepted is null)
        {
            throw new OptionsValidationException(null, "a target needs 'accepted: N'");
        }
    }
}

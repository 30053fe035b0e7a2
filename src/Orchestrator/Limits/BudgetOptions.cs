using System.ComponentModel.DataAnnotations;
using MidTrain.Core.Configuration;

namespace MidTrain.Orchestrator.Limits;

/// <summary>
/// The pipeline's <c>budget:</c> section: limits on what a run may spend, counted across resumes (the manifest keeps
/// the spent totals). When one is reached the run drains like a first Ctrl+C: no new input is read, items in flight
/// finish, the journal is written and the run ends interrupted (<c>midtrain run</c> exits 3) with e.g.
/// <c>budget reached: usd 200.04 of 200</c>; a <c>--resume</c> with a raised limit continues (budgets are not part of
/// the pipeline hash <c>--resume</c> checks).
/// A limit may be overshot by what the items in flight spend. Defaults (no limit) live here only.
/// </summary>
public sealed class BudgetOptions : IValidatableOptions
{
    /// <summary>Dollars, from the models' <c>price:</c> (<c>usd</c>); needs a price on at least one model.</summary>
    [Range(0, double.MaxValue)]
    public double? Usd { get; set; }

    /// <summary>Prompt plus completion tokens over every model (<c>tokens</c>, e.g. <c>5e9</c>).</summary>
    [Range(0, double.MaxValue)]
    public double? Tokens { get; set; }

    /// <summary>Model requests that reached a backend (<c>requests</c>; cache hits are free).</summary>
    [Range(0, double.MaxValue)]
    public double? Requests { get; set; }

    /// <summary>Wall-clock time of the run's sessions together (<c>wall</c>, e.g. <c>12h</c>).</summary>
    public TimeSpan? Wall { get; set; }

    /// <summary>Whether any limit is set.</summary>
    public bool Any => Usd is not null || Tokens is not null || Requests is not null || Wall is not null;

    /// <inheritdoc />
    public void Validate()
    {
        if (!Any)
        {
            throw new OptionsValidationException(null, "a budget needs at least one of usd, tokens, requests, wall");
        }
    }
}

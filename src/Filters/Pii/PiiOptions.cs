using MidTrain.Core.Configuration;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Pii;

/// <summary>Settings of the <c>pii</c> filter.</summary>
public sealed class PiiOptions : IFilterOptions, IValidatableOptions
{
    /// <summary><c>redact</c> (default: typed placeholders, original spans recorded) or <c>reject</c>.</summary>
    public PiiAction Action { get; set; } = PiiAction.Redact;

    /// <summary>The kinds looked for: <c>email</c>, <c>phone</c>, <c>ip_address</c>, <c>iban</c>, <c>credit_card</c>. Default: all.</summary>
    public List<PiiKind> Kinds { get; set; } = [];

    /// <summary>Which texts of an item are checked: roles and text names. Default: all.</summary>
    public List<string> Check { get; set; } = [];

    /// <inheritdoc />
    public FilterMode Mode { get; set; } = FilterMode.Enforce;

    /// <summary>A copy (lists included).</summary>
    public PiiOptions Clone() => new() { Action = Action, Kinds = [.. Kinds], Check = [.. Check], Mode = Mode };

    /// <inheritdoc />
    public void Validate()
    {
        if (Kinds.Any(k => !Enum.IsDefined(k)))
        {
            throw new OptionsValidationException("kinds", "unknown kind (kinds: email, phone, ip_address, iban, credit_card)");
        }

        if (Check.Any(string.IsNullOrWhiteSpace))
        {
            throw new OptionsValidationException("check", "entries must not be blank");
        }
    }
}

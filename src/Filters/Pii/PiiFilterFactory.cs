using MidTrain.Core.Components;
using MidTrain.Filters.Components;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Pii;

/// <summary><c>filter: pii</c>: creates the shared <see cref="PiiFilter"/>.</summary>
public sealed class PiiFilterFactory()
    : FilterFactory<PiiOptions>(PiiFilter.FilterName, PiiFilter.FilterVersion, "redact (or reject) emails, phone numbers, IP addresses, IBANs and card numbers")
{
    /// <inheritdoc />
    protected override IFilter Create(PiiOptions options, ComponentContext context) => new PiiFilter(options);
}

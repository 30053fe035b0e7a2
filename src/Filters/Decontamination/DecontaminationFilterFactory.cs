using MidTrain.Core.Components;
using MidTrain.Filters.Components;
using MidTrain.Filters.Contracts;

namespace MidTrain.Filters.Decontamination;

/// <summary>
/// <c>filter: decontaminate</c>: builds the benchmark index once (paths resolved through the
/// <see cref="ComponentContext"/>) and creates the shared <see cref="DecontaminationFilter"/>.
/// </summary>
public sealed class DecontaminationFilterFactory()
    : FilterFactory<DecontaminationOptions>(DecontaminationFilter.FilterName, DecontaminationFilter.FilterVersion, "reject items sharing word n-grams with benchmark items (JSONL, .jsonl.gz, Parquet, .txt)")
{
    /// <inheritdoc />
    protected override IFilter Create(DecontaminationOptions options, ComponentContext context) =>
        DecontaminationFilter.Create(options, context.ResolvePath);
}

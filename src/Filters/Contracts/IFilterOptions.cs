namespace MidTrain.Filters.Contracts;

/// <summary>What every filter's options carry besides their own settings.</summary>
public interface IFilterOptions
{
    /// <summary><c>enforce</c> (default) or <c>report</c> (annotate what would be rejected or rewritten, change nothing else).</summary>
    FilterMode Mode { get; }
}

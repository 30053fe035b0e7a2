using System.Text.Json.Nodes;
using MidTrain.Core.Records;

namespace MidTrain.Orchestrator.Pipeline;

/// <summary>
/// A stage some of whose decisions depend on every sample of the run (near-duplicate clusters): samples it lets through
/// may be rejected once every input record is done. The runner restores its state from the outputs of earlier runs on
/// <c>--resume</c>, and settles it when the run completes; the rejections are applied to the output files with the
/// same crash-safety as the run itself. Implementations are thread-safe.
/// </summary>
public interface IRunLevelDecisions
{
    /// <summary>The stage's name (written as the rejections' stage).</summary>
    string Name { get; }

    /// <summary>Takes in a sample an earlier run wrote (accepted, rejected or failed), before this run processes anything.</summary>
    void Restore(Sample sample);

    /// <summary>The final rejections, by sample id, once every input record is done; deterministic for the samples seen, whatever their order.</summary>
    IReadOnlyDictionary<string, Rejection> Settle();

    /// <summary>Figures of the last <see cref="Settle"/> for the manifest.</summary>
    JsonObject SettlementReport();
}

namespace MidTrain.Orchestrator.Corpus;

/// <summary>What a run does with a bad input record (<c>input.on_bad_input</c>, <c>--on-bad-input</c>).</summary>
public enum BadInputMode
{
    /// <summary>Record it in <c>failed.jsonl</c> with the reason and go on (the default).</summary>
    Skip,

    /// <summary>Abort the run at the first bad record (finished records stay journaled).</summary>
    Fail,
}

namespace MidTrain.Datasets.Export;

/// <summary>What <c>midtrain export</c> writes.</summary>
public enum ExportFormat
{
    /// <summary>Hugging Face–ready Parquet shards under <c>data/</c> plus the dataset card.</summary>
    Hf,

    /// <summary>JSON Lines <c>{"messages": [...]}</c>, the chat format SFT trainers read.</summary>
    Messages,

    /// <summary>JSON Lines <c>{"prompt", "chosen", "rejected"}</c> pairs for preference training (DPO and the like).</summary>
    Preference,
}

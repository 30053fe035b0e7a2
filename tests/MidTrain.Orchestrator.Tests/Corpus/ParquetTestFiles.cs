using Microsoft.Extensions.Logging;
using Parquet;
using Parquet.Schema;

namespace MidTrain.Orchestrator.Tests.Corpus;

/// <summary>Writes Parquet files for tests with Parquet.Net, one delegate per row group.</summary>
internal static class ParquetTestFiles
{
    public static async Task WriteAsync(string path, ParquetSchema schema, params Func<ParquetRowGroupWriter, Task>[] rowGroups)
    {
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(schema, stream);
        foreach (var rowGroup in rowGroups)
        {
            using var group = writer.CreateRowGroup();
            await rowGroup(group);
        }
    }

    /// <summary>A small valid file: a string <c>id</c> and a <c>text</c> column, one row group.</summary>
    public static Task WriteSimpleAsync(string path, params (string Id, string Text)[] rows)
    {
        var id = new DataField<string>("id");
        var text = new DataField<string>("text");
        return WriteAsync(path, new ParquetSchema(id, text), async group =>
        {
            await group.WriteAsync(id, rows.Select(r => r.Id).ToArray());
            await group.WriteAsync(text, rows.Select(r => r.Text).ToArray());
        });
    }
}

/// <summary>Keeps what was logged (a hand-written fake).</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add((logLevel, formatter(state, exception)));
}

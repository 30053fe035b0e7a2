using MidTrain.Models.Local;
using MidTrain.Models.Middleware;
using MidTrain.Models.Remote;
using Microsoft.Extensions.Logging;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Local;

/// <summary>llama.cpp's log callback is process-wide, so this runs alone.</summary>
[CollectionDefinition(nameof(NativeLogTests), DisableParallelization = true)]
public sealed class NativeLogCollection;

[Collection(nameof(NativeLogTests))]
public sealed class NativeLogTests : IDisposable
{
    private readonly string _dir = TestPaths.NewTempDir("native-log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task CreateAsync_LocalModel_LlamaCppLogGoesToILoggerAndTinyWarningIsLogged()
    {
        var sink = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using (var handle = await ModelFactory.CreateAsync(new ModelSpec { Name = "t", Llama = new LlamaModelOptions { Path = "tiny", Context = 1024, Parallel = 1, Threads = 1 } }, new ModelRuntimeOptions { ModelDirectory = _dir, LoggerFactory = factory }))
        {
            handle.IsTinyTestModel.Should().BeTrue();
        }

        sink.Lines.Should().Contain(l => l.Category == "LLama.Native" && l.Message.StartsWith("llama.cpp: "));
        sink.Lines.Should().Contain(l => l.Level == LogLevel.Warning && l.Message.Contains("meaningless"));
    }
}

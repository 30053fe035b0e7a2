using MidTrain.Models.Local;
using MidTrain.Models.Middleware;
using MidTrain.Models.Remote;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Local;

/// <summary>One tiny model loaded through the real LLamaSharp path, shared by the local tests.</summary>
public sealed class TinyModelFixture : IAsyncLifetime
{
    public string Directory { get; } = TestPaths.NewTempDir("tiny-model");

    public ModelHandle Handle { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var spec = new ModelSpec { Name = "tiny", Provider = ModelProvider.Llama, Llama = new LlamaModelOptions { Path = "tiny", Context = 4096, Parallel = 8, Threads = 1 }, Resilience = new ResilienceOptions { MaxRetries = 0 } };
        Handle = await ModelFactory.CreateAsync(spec, new ModelRuntimeOptions { ModelDirectory = Directory });
    }

    public async Task DisposeAsync()
    {
        await Handle.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

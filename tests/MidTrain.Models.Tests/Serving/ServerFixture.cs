using MidTrain.Models.Middleware;
using MidTrain.Models.Remote;
using MidTrain.Models.Local;
using Microsoft.Extensions.Logging.Abstractions;
using MidTrain.Models.Serving;
using MidTrain.Tests;

namespace MidTrain.Models.Tests.Serving;

/// <summary>The tiny model served over loopback HTTP, plus a remote (SK) handle pointing at it.</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly string _dir = TestPaths.NewTempDir("serve");

    public ModelHandle Local { get; private set; } = null!;

    public OpenAiCompatibleServer Server { get; private set; } = null!;

    public ModelHandle Remote { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Local = await ModelFactory.CreateAsync(new ModelSpec { Name = "tiny", Llama = new LlamaModelOptions { Path = "tiny", Context = 4096, Parallel = 4, Threads = 1 } }, new ModelRuntimeOptions { ModelDirectory = _dir });
        Server = await OpenAiCompatibleServer.StartAsync(Local.Backend, new OpenAiServerOptions { Port = 0, ModelId = "tiny" }, NullLoggerFactory.Instance);
        Remote = await ModelFactory.CreateAsync(new ModelSpec { Name = "remote", Provider = ModelProvider.Openai, Model = "tiny", OpenAi = new OpenAiModelOptions { Endpoint = Server.BaseAddress.ToString() }, Resilience = new ResilienceOptions { MaxRetries = 0 } }, ModelRuntimeOptions.Default);
    }

    public async Task DisposeAsync()
    {
        await Remote.DisposeAsync();
        await Server.DisposeAsync();
        await Local.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

using System.ComponentModel;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Configuration;
using MidTrain.Models;
using MidTrain.Models.Local;
using MidTrain.Models.Serving;
using MidTrain.Models.Serving.Embeddings;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain serve --model F.gguf [--host 127.0.0.1] [--port N] [--parallel N] …</c>: an OpenAI-compatible endpoint
/// over the batching llama.cpp backend (and optionally a GGUF embedding model) until SIGTERM or SIGINT, which stop it
/// gracefully (exit 0): no new connections, requests in flight finish for up to <c>--shutdown-timeout</c>, then are
/// cancelled. A second signal cancels them at once.
/// </summary>
internal sealed class ServeCommand : AsyncCommand<ServeCommand.Settings>
{
    internal sealed class Settings : ServerSettings
    {
        [CommandOption("--model <FILE>")]
        [Description("Chat model: a GGUF file, or 'tiny' for the built-in random-weight test model. Its id in requests is the file name without .gguf.")]
        public string? Model { get; init; }

        [CommandOption("--embedding-model <FILE>")]
        [Description("Embedding model served at /v1/embeddings: a GGUF file (or 'tiny'). Without it /v1/embeddings answers 404.")]
        public string? EmbeddingModel { get; init; }

        [CommandOption("--pooling <KIND>")]
        [Description("Embedding pooling: model (what the GGUF says; default), mean, cls or last.")]
        public string? Pooling { get; init; }

        [CommandOption("--embedding-context <N>")]
        [Description("Longest embedding input in tokens (default 2048).")]
        public int? EmbeddingContext { get; init; }

        [CommandOption("--port <N>")]
        [Description("Port (default 8000; 0 picks a free one, printed at start).")]
        public int? Port { get; init; }

        [CommandOption("--insecure-no-auth")]
        [Description("Allow a non-loopback --host without an API key (anyone who can reach the port may use it).")]
        public bool InsecureNoAuth { get; init; }

        [CommandOption("--parallel <N>")]
        [Description("Sequences decoded together (default 8); also the chat requests running at once.")]
        public int Parallel { get; init; } = 8;

        [CommandOption("--max-queue <N>")]
        [Description("Requests that may wait beyond --parallel (default 64); more get 429 with Retry-After.")]
        public int? MaxQueue { get; init; }

        [CommandOption("--max-tokens-limit <N>")]
        [Description("Largest max_tokens / max_completion_tokens a request may ask for (default 4096; larger is a 400). Requests that set none get 512.")]
        public int? MaxTokensLimit { get; init; }

        [CommandOption("--max-request-mb <N>")]
        [Description("Largest request body in MiB (default 8; larger is a 413).")]
        public int? MaxRequestMb { get; init; }

        [CommandOption("--context <N>")]
        [Description("Context size shared by all sequences (default 8192).")]
        public int Context { get; init; } = 8192;

        [CommandOption("--threads <N>")]
        [Description("CPU threads (default: half the cores).")]
        public int? Threads { get; init; }

        [CommandOption("--gpu-layers <N>")]
        [Description("Layers offloaded to the GPU (CUDA build only; default 0).")]
        public int GpuLayers { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(settings.Model) && string.IsNullOrEmpty(settings.EmbeddingModel))
        {
            throw new UsageException("--model is required (a GGUF file, or 'tiny'), unless only --embedding-model is served");
        }

        var pooling = ParsePooling(settings.Pooling);
        var chatId = settings.Model is null ? null : ModelIdOf(settings.Model);
        var embeddingId = settings.EmbeddingModel is null ? null : ModelIdOf(settings.EmbeddingModel);
        var options = ServerOptions(settings, chatId, embeddingId);

        // Signals first, so a SIGTERM while the weights load also ends the process cleanly.
        using var signals = new ShutdownSignals(options.ShutdownTimeout, cancellationToken);
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("LLama.Native", LogLevel.Error));
        var loading = signals.Any;
        ModelHandle? chat = null;
        LlamaEmbeddingGenerator? embeddings = null;
        try
        {
            try
            {
                if (settings.Model is not null)
                {
                    chat = await ModelFactory.CreateAsync(ChatSpec(settings), new ModelRuntimeOptions { LoggerFactory = loggerFactory }, loading).ConfigureAwait(false);
                }

                if (settings.EmbeddingModel is not null)
                {
                    embeddings = await LoadEmbeddingsAsync(settings, pooling, embeddingId!, loggerFactory, loading).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (loading.IsCancellationRequested)
            {
                Console.Error.WriteLine("stopped before serving");
                return ExitCodes.Success;
            }

            // Warnings first: the "serving … at URL" line says the server is ready (supervisors and tests wait for it).
            if (chat?.IsTinyTestModel == true || settings.EmbeddingModel == ModelSpec.TinyPath)
            {
                Console.Error.WriteLine("warning: this is the tiny random-weight test model; its outputs are meaningless. Serve a real GGUF with --model FILE.gguf.");
            }

            await using var server = await OpenAiCompatibleServer.StartAsync(chat?.Backend, embeddings, options, loggerFactory, cancellationToken: loading).ConfigureAwait(false);
            var what = string.Join(" and ", new[] { chatId is null ? null : $"'{chatId}'", embeddingId is null ? null : $"embeddings '{embeddingId}' ({embeddings!.Dimensions} dimensions, {embeddings.Pooling.ToString().ToLowerInvariant()} pooling)" }.OfType<string>());
            Console.Error.WriteLine($"serving {what} at {server.BaseAddress} (parallel {settings.Parallel}, context {settings.Context}, queue {options.MaxQueue}); "
                + ServerFlags.KeyNote(options.ApiKey, settings) + "; SIGTERM or Ctrl+C to stop");

            await signals.StopAfterSignalAsync(() => server.RequestsInFlight, server.StopAsync).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        finally
        {
            embeddings?.Dispose();
            if (chat is not null)
            {
                await chat.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string ModelIdOf(string path) =>
        string.Equals(path, ModelSpec.TinyPath, StringComparison.OrdinalIgnoreCase) ? ModelSpec.TinyPath : Path.GetFileNameWithoutExtension(path);

    private static EmbeddingPooling ParsePooling(string? value) => value?.ToLowerInvariant() switch
    {
        null or "model" => EmbeddingPooling.Model,
        "mean" => EmbeddingPooling.Mean,
        "cls" => EmbeddingPooling.Cls,
        "last" => EmbeddingPooling.Last,
        _ => throw new UsageException($"--pooling must be model, mean, cls or last, got '{value}'"),
    };

    /// <summary>The server's options from the flags; a flag not given leaves the default of <see cref="OpenAiServerOptions"/>.</summary>
    internal static OpenAiServerOptions ServerOptions(Settings settings, string? chatId, string? embeddingId)
    {
        var defaults = new OpenAiServerOptions();
        return ServerFlags.Validated(
            new OpenAiServerOptions
            {
                Host = settings.Host ?? defaults.Host,
                Port = settings.Port ?? defaults.Port,
                ModelId = chatId ?? embeddingId ?? defaults.ModelId,
                EmbeddingModelId = embeddingId,
                ApiKey = ServerFlags.ApiKey(settings),
                InsecureNoAuth = settings.InsecureNoAuth,
                Parallel = settings.Parallel,
                MaxQueue = settings.MaxQueue ?? defaults.MaxQueue,
                MaxTokensLimit = settings.MaxTokensLimit ?? defaults.MaxTokensLimit,
                MaxRequestBodyBytes = ServerFlags.Mebibytes(settings.MaxRequestMb) ?? defaults.MaxRequestBodyBytes,
                RequestTimeout = settings.RequestTimeout is { } t ? ServerFlags.Seconds(t, "--request-timeout") : defaults.RequestTimeout,
                ShutdownTimeout = settings.ShutdownTimeout is { } s ? ServerFlags.Seconds(s, "--shutdown-timeout") : defaults.ShutdownTimeout,
            },
            "serve",
            settings);
    }

    private static ModelSpec ChatSpec(Settings settings)
    {
        var spec = new ModelSpec
        {
            Name = "serve",
            Provider = ModelProvider.Llama,
            Llama = new LlamaModelOptions
            {
                Path = settings.Model,
                Parallel = settings.Parallel,
                Context = settings.Context,
                Threads = settings.Threads,
                GpuLayers = settings.GpuLayers,
            },
        };
        try
        {
            spec.Validate();
        }
        catch (OptionsValidationException ex)
        {
            var flag = ex.Key switch
            {
                "path" or null => "--model",
                "gpu_layers" => "--gpu-layers",
                var key => "--" + key,
            };
            throw new UsageException($"{flag}: {ex.Detail}");
        }

        return spec;
    }

    private static async Task<LlamaEmbeddingGenerator> LoadEmbeddingsAsync(Settings settings, EmbeddingPooling pooling, string modelId, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var path = string.Equals(settings.EmbeddingModel, ModelSpec.TinyPath, StringComparison.OrdinalIgnoreCase)
            ? ModelFactory.EnsureTinyModel(new ModelRuntimeOptions())
            : settings.EmbeddingModel!;
        var options = new LlamaEmbeddingOptions
        {
            Path = path,
            ModelId = modelId,
            Context = settings.EmbeddingContext ?? new LlamaEmbeddingOptions().Context,
            Threads = settings.Threads,
            GpuLayers = settings.GpuLayers,
            Pooling = pooling,
        };
        try
        {
            return await LlamaEmbeddingGenerator.LoadAsync(options, loggerFactory, cancellationToken).ConfigureAwait(false);
        }
        catch (OptionsValidationException ex)
        {
            var flag = ex.Key switch
            {
                "pooling" => "--pooling",
                "context" => "--embedding-context",
                "gpu_layers" => "--gpu-layers",
                "threads" => "--threads",
                _ => "--embedding-model",
            };
            throw new UsageException($"{flag}: {ex.Detail}");
        }
    }
}

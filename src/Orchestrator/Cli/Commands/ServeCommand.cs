using System.ComponentModel;
using Microsoft.Extensions.Logging;
using MidTrain.Core.Configuration;
using MidTrain.Models;
using MidTrain.Models.Local;
using MidTrain.Models.Serving;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain serve --model F.gguf [--host 127.0.0.1] [--port N] [--parallel N]</c>: an OpenAI-compatible endpoint
/// over the batching llama.cpp backend, until Ctrl+C.
/// </summary>
internal sealed class ServeCommand : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--model <FILE>")]
        [Description("GGUF file to serve, or 'tiny' for the built-in random-weight test model.")]
        public string? Model { get; init; }

        [CommandOption("--host <HOST>")]
        [Description("Address to bind (default 127.0.0.1: loopback only).")]
        public string Host { get; init; } = "127.0.0.1";

        [CommandOption("--port <N>")]
        [Description("Port (default 8000).")]
        public int Port { get; init; } = 8000;

        [CommandOption("--parallel <N>")]
        [Description("Sequences decoded together (default 8).")]
        public int Parallel { get; init; } = 8;

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
        if (string.IsNullOrEmpty(settings.Model))
        {
            throw new UsageException("--model is required (a GGUF file, or 'tiny')");
        }

        if (settings.Port is < 0 or > 65535)
        {
            throw new UsageException("--port must be between 0 and 65535");
        }

        if (!System.Net.IPAddress.TryParse(settings.Host, out _))
        {
            throw new UsageException($"--host must be an IP address, got '{settings.Host}'");
        }

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
                "path" => "--model",
                "gpu_layers" => "--gpu-layers",
                null => "--model",
                var key => "--" + key,
            };
            throw new UsageException($"{flag}: {ex.Detail}");
        }

        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("LLama.Native", LogLevel.Error));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            await using var handle = await ModelFactory.CreateAsync(spec, new ModelRuntimeOptions { LoggerFactory = loggerFactory }, stop.Token).ConfigureAwait(false);
            var modelId = settings.Model == ModelSpec.TinyPath ? "tiny" : Path.GetFileNameWithoutExtension(settings.Model);
            await using var server = await OpenAiCompatibleServer.StartAsync(handle.Backend, new OpenAiServerOptions { Host = settings.Host, Port = settings.Port, ModelId = modelId }, loggerFactory, cancellationToken: stop.Token).ConfigureAwait(false);
            Console.Error.WriteLine($"serving '{modelId}' at {server.BaseAddress} (parallel {settings.Parallel}, context {settings.Context}); Ctrl+C to stop");
            if (handle.IsTinyTestModel)
            {
                Console.Error.WriteLine("warning: this is the tiny random-weight test model; its outputs are meaningless. Serve a real GGUF with --model FILE.gguf.");
            }

            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            Console.Error.WriteLine("stopped");
            return ExitCodes.Success;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

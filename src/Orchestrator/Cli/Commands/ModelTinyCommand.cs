using System.ComponentModel;
using MidTrain.Models.Tiny;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary><c>midtrain model tiny --out F.gguf [--seed S]</c>: writes the deterministic random-weight test model.</summary>
internal sealed class ModelTinyCommand : Command<ModelTinyCommand.Settings>
{
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("Output GGUF file.")]
        public string? Out { get; init; }

        [CommandOption("--seed <S>")]
        [Description("Weight seed (default 42): same seed, byte-identical file.")]
        public ulong? Seed { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        UsageException.Require(settings.Out, "--out");

        var options = new TinyModelOptions { Seed = settings.Seed ?? global::MidTrain.Models.ModelFactory.TinySeed };
        TinyModelWriter.Write(settings.Out, options);
        Console.Error.WriteLine($"wrote {settings.Out} ({new FileInfo(settings.Out).Length} bytes, {TinyModelWriter.ParameterCount(options)} parameters, seed {options.Seed}).");
        Console.Error.WriteLine("warning: this is a random-weight test model; its outputs are meaningless. Use a real GGUF (provider: llama, path: FILE.gguf) or an endpoint (provider: openai) for real data.");
        return ExitCodes.Success;
    }
}

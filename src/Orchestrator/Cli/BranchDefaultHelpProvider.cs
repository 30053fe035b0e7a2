using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace MidTrain.Orchestrator.Cli;

/// <summary>
/// Spectre's help, except that a branch with a default command (<c>serve</c>: <c>serve --model F</c> and
/// <c>serve rewards</c>) lists its default command's options, so <c>midtrain serve --help</c> still shows
/// <c>--model</c> and the rest next to the <c>rewards</c> sub-command.
/// </summary>
internal sealed class BranchDefaultHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> GetOptions(ICommandModel model, ICommandInfo? command) =>
        base.GetOptions(model, command is { IsBranch: true, DefaultCommand: { } fallback } ? fallback : command);
}

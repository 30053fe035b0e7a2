using MidTrain.Orchestrator.Cli;
using MidTrain.Orchestrator.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("midtrain");
            config.UseAssemblyInformationalVersion();
            config.ConfigureConsole(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }));
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.CancellationExitCode(ExitCodes.Aborted);
            config.SetHelpProvider(new BranchDefaultHelpProvider(config.Settings));
            CommandRegistry.Register(config);
        });

        try
        {
            return await app.RunAsync(args).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (MidTrain.Core.Configuration.ConfigException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message}");
            return ExitCodes.UsageError;
        }
        catch (CommandAppException ex)
        {
            Console.Error.WriteLine($"error: {ex.Message} (see --help)");
            return ExitCodes.UsageError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("aborted: cancelled");
            return ExitCodes.Aborted;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"aborted: {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.Aborted;
        }
    }
}

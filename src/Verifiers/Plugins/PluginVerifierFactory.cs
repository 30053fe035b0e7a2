using Microsoft.Extensions.Logging;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Plugins;

/// <summary>
/// <c>verify: {plugin: process|dotnet, …}</c>: a verifier written outside MidTrain. Relative paths (the assembly, script
/// arguments) resolve against the pipeline file's folder. A process plug-in's verifier is disposable (it stops the
/// processes).
/// </summary>
internal sealed class PluginVerifierFactory()
    : VerifierFactory<VerifierPluginOptions>("plugin", "1", "A plug-in verifier: an executable speaking JSON lines (any language) or a .NET assembly implementing IVerifier.")
{
    protected override bool StampsFactoryIdentity => false;

    protected override IVerifier Create(VerifierPluginOptions options, ComponentContext context)
    {
        var root = context.BaseDirectory;
        try
        {
            if (options.Plugin == PluginKind.Dotnet)
            {
                return AssemblyVerifierLoader.Load(System.IO.Path.GetFullPath(options.Path!, root), options.Type, options.Settings);
            }

            var command = options.EffectiveCommand.ToArray();

            // Script arguments given relative to the pipeline file resolve there, so a pipeline can be run from anywhere.
            for (var i = 1; i < command.Length; i++)
            {
                var candidate = System.IO.Path.GetFullPath(command[i], root);
                if (!System.IO.Path.IsPathRooted(command[i]) && File.Exists(candidate))
                {
                    command[i] = candidate;
                }
            }

            return new ProcessPluginVerifier(
                new ProcessPluginOptions
                {
                    Command = command,
                    Instances = options.Instances,
                    Timeout = options.Timeout,
                    Name = options.Name,
                    Version = options.Version ?? "1",
                    Environment = options.Settings,
                    WorkingDirectory = root,
                },
                context.LoggerFactory.CreateLogger("MidTrain.Plugins"));
        }
        catch (PluginException ex)
        {
            throw new OptionsValidationException("plugin", ex.Message);
        }
    }
}

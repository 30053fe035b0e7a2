using Microsoft.Extensions.Logging;
using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Core.Contracts;

namespace MidTrain.Verifiers.Code;

/// <summary>
/// <c>verify: code</c> / <c>midtrain verify code</c>: runs the sample's code against its tests in a bubblewrap sandbox
/// pool owned by the verifier. The environment variables <see cref="SandboxOptions.UnsandboxedVariable"/> and
/// <see cref="SandboxOptions.ConcurrencyVariable"/> override the configuration (the CLI's switches).
/// </summary>
internal sealed class CodeVerifierFactory()
    : VerifierFactory<SandboxOptions>(CodeVerifier.VerifierName, CodeVerifier.VerifierVersion, "Runs code against its tests (HumanEval, assert lists, stdin/stdout cases) in a bubblewrap sandbox.")
{
    protected override IVerifier Create(SandboxOptions options, ComponentContext context)
    {
        var environment = SandboxOptions.FromEnvironment();
        var effective = options.Clone();
        effective.Unsandboxed |= environment.Unsandboxed;
        if (Environment.GetEnvironmentVariable(SandboxOptions.ConcurrencyVariable) is { Length: > 0 })
        {
            effective.MaxConcurrency = environment.MaxConcurrency;
        }

        try
        {
            return new CodeVerifier(CodeSandbox.Create(effective, context.LoggerFactory.CreateLogger<CodeVerifier>()), ownsSandbox: true);
        }
        catch (SandboxUnavailableException ex)
        {
            throw new OptionsValidationException(null, ex.Message);
        }
    }
}

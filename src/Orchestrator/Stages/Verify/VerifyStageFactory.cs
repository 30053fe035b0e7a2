using MidTrain.Core.Components;
using MidTrain.Core.Configuration;
using MidTrain.Orchestrator.Pipeline;

namespace MidTrain.Orchestrator.Stages.Verify;

/// <summary>
/// <c>verify: NAME</c> (the verifier's keys sit on the stage) or <c>verify: {plugin: process|dotnet, …}</c>: samples are
/// checked and kept, rejected or failed by their verdict.
/// </summary>
internal sealed class VerifyStageFactory()
    : StageFactory<VerifyStageOptions>("verify", "Checks each sample with a verifier (math, code, citation, a plug-in…): pass goes on, fail is rejected.")
{
    protected override int DefaultConcurrency => Environment.ProcessorCount;

    protected override Stage Create(StageBinding binding, VerifyStageOptions options, ComponentContext context)
    {
        var name = binding.Spec.Value is ConfigMapping ? "plugin" : binding.Spec.ValueText ?? string.Empty;
        var factory = context.Catalog.Find<IVerifierFactory>(name)
            ?? throw binding.Error(null, $"unknown verifier '{name}' (known: {string.Join(", ", context.Catalog.Names<IVerifierFactory>())}, or a plug-in mapping {{plugin: process|dotnet, ...}})");
        var verifierOptions = binding.Bind(factory.OptionsType);
        binding.EnsureNoOtherKeys(); // before a sandbox pool or plug-in processes start
        var verifier = factory.Create(verifierOptions, context);
        var stageName = binding.Settings.ContainsKey("name") || binding.Spec.Value is not ConfigMapping ? binding.Name : "verify:plugin";
        return new VerifyStage(stageName, binding.Concurrency, binding.Capacity, verifier, options.OnInvalid);
    }
}

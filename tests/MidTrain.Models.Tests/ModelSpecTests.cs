using MidTrain.Core.Configuration;
using MidTrain.Models.Remote;

namespace MidTrain.Models.Tests;

public sealed class ModelSpecTests
{
    private static ModelSpec Bind(string yaml) =>
        ModelSpec.Bind("judge", (ConfigMapping)YamlConfigReader.Parse(yaml, "p.yaml")!);

    [Theory]
    [InlineData("{provider: vllm, path: tiny}", "key 'provider': must be one of llama, openai")]
    [InlineData("{provider: llama}", "key 'path': is required for provider llama")]
    [InlineData("{path: /no/such/model.gguf}", "key 'path': GGUF file not found")]
    [InlineData("{path: tiny, context: 10}", "key 'context': must be between 64")]
    [InlineData("{path: tiny, parallel: 0}", "key 'parallel': must be between 1 and 256")]
    [InlineData("{path: tiny, threads: 0}", "key 'threads': must be between 1")]
    [InlineData("{path: tiny, gpu_layers: -1}", "key 'gpu_layers': must be between 0")]
    [InlineData("{path: tiny, max_concurrency: 0}", "key 'max_concurrency': must be between 1")]
    [InlineData("{path: tiny, timeout_s: 0}", "key 'timeout_s': must be positive")]
    [InlineData("{path: tiny, max_retries: -1}", "key 'max_retries': must be between 0 and 100")]
    [InlineData("{path: tiny, max_tokens: 4096}", "key 'max_tokens': must be below context (4096)")]
    [InlineData("{path: tiny, endpoint: 'http://a/v1'}", "unknown key 'endpoint' (known keys here:")]
    public void Bind_BadLlamaSetting_ErrorNamesFileLineAndKey(string yaml, string message)
    {
        var act = () => Bind(yaml);
        act.Should().Throw<ConfigException>().WithMessage($"p.yaml:1: {message}*");
    }

    [Theory]
    [InlineData("{provider: openai, model: m}", "endpoint")]
    [InlineData("{provider: openai, endpoint: 'ftp://host/v1', model: m}", "endpoint")]
    [InlineData("{provider: openai, endpoint: 'http://127.0.0.1:8000', model: m}", "endpoint")]
    [InlineData("{provider: openai, endpoint: 'http://127.0.0.1:8000/v1'}", "model")]
    [InlineData("{provider: openai, endpoint: 'http://127.0.0.1:8000/v1', model: m, api_key_env: MIDTRAIN_TEST_SURELY_UNSET_VARIABLE}", "api_key_env")]
    [InlineData("{provider: openai, endpoint: 'http://127.0.0.1:8000/v1', model: m, parallel: 4}", "parallel")]
    public void Bind_BadOpenAiSetting_ErrorNamesTheKey(string yaml, string key)
    {
        var act = () => Bind(yaml);
        act.Should().Throw<ConfigException>().Which.Key.Should().Be(key);
    }

    [Fact]
    public void Bind_EveryKindOfKey_SetsTheRightPart()
    {
        var spec = Bind("{provider: openai, endpoints: ['http://a/v1'], model: m, timeout_s: 30, max_retries: 2, retry_delay_s: 0.5, max_concurrency: 64, max_tokens: 256, seed: 7}");

        spec.Provider.Should().Be(ModelProvider.Openai);
        spec.OpenAi.Endpoints.Should().Equal("http://a/v1");
        spec.Resilience.AttemptTimeout.Should().Be(TimeSpan.FromSeconds(30));
        spec.Resilience.MaxRetries.Should().Be(2);
        spec.Resilience.BaseDelay.Should().Be(TimeSpan.FromSeconds(0.5));
        spec.EffectiveMaxConcurrency.Should().Be(64);
        spec.MaxTokens.Should().Be(256);
        spec.Seed.Should().Be(7);
    }

    [Fact]
    public void Validate_EndpointPlusEndpoints_MergedWithoutDuplicates()
    {
        var spec = new ModelSpec { Name = "t", Provider = ModelProvider.Openai, Model = "m", OpenAi = new OpenAiModelOptions { Endpoint = "http://a/v1", Endpoints = ["http://b/v1", "http://a/v1"] } };
        spec.Validate();
        spec.OpenAi.AllEndpoints.Should().Equal("http://a/v1", "http://b/v1");
        ModelFactory.RemoteFingerprint(spec.OpenAi.AllEndpoints, "m").Should().Be("openai:http://a/v1,http://b/v1#m");
    }

    [Fact]
    public void EffectiveMaxConcurrency_Unset_TwiceTheParallelSequencesLocally_SixteenRemotely()
    {
        Bind("{path: tiny, parallel: 3}").EffectiveMaxConcurrency.Should().Be(6);
        Bind("{provider: openai, endpoint: 'http://a/v1', model: m}").EffectiveMaxConcurrency.Should().Be(16);
    }

    [Fact]
    public void Bind_ReasoningKeys_SetTheModelsReasoningOptions()
    {
        var spec = Bind("{provider: openai, endpoint: 'http://a/v1', model: m, reasoning: {tags: ['[THINK]', '[/THINK]'], opened_in_prompt: true, effort: high, max_tokens: 512, budget_field: chat_template_kwargs.thinking_budget}}");

        spec.Reasoning!.InlineTags.Should().Be(new MidTrain.Core.Reasoning.ReasoningTags("[THINK]", "[/THINK]"));
        spec.Reasoning.Start.Should().Be(MidTrain.Core.Reasoning.ReasoningStart.Prompt);
        spec.Reasoning.Effort.Should().Be("high");
        spec.Reasoning.MaxTokens.Should().Be(512);
        spec.Reasoning.BudgetField.Should().Be("chat_template_kwargs.thinking_budget");
    }

    [Fact]
    public void Bind_NoReasoningKey_ParsesThinkTags_AndFalseTurnsItOff()
    {
        Bind("{path: tiny}").Reasoning!.InlineTags.Should().Be(MidTrain.Core.Reasoning.ReasoningTags.Think);
        Bind("{path: tiny, reasoning: false}").Reasoning.Should().BeNull();
        Bind("{path: tiny, reasoning: {tags: []}}").Reasoning!.InlineTags.Should().BeNull();
    }

    [Theory]
    [InlineData("{path: tiny, reasoning: {effort: extreme}}", "reasoning.effort")]
    [InlineData("{path: tiny, reasoning: {tags: ['<think>']}}", "reasoning.tags")]
    [InlineData("{path: tiny, reasoning: {tags: ['<t>', '<t>']}}", "reasoning.tags")]
    [InlineData("{path: tiny, reasoning: {effort: high}}", "reasoning.effort")]
    [InlineData("{path: tiny, reasoning: {max_tokens: 100}}", "reasoning.max_tokens")]
    [InlineData("{path: tiny, reasoning: {grammar: required, tags: []}}", "reasoning.grammar")]
    [InlineData("{provider: openai, endpoint: 'http://a/v1', model: m, reasoning: {grammar: required}}", "reasoning.grammar")]
    [InlineData("{path: tiny, reasoning: {budget_field: 'a..b'}}", "reasoning.budget_field")]
    public void Bind_BadReasoningSetting_ErrorNamesTheKey(string yaml, string key)
    {
        var act = () => Bind(yaml);
        act.Should().Throw<ConfigException>().Which.Message.Should().Contain($"key '{key}'");
    }
}

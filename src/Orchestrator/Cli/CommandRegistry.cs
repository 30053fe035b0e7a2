using MidTrain.Orchestrator.Cli.Commands;
using Spectre.Console.Cli;

namespace MidTrain.Orchestrator.Cli;

/// <summary>Every CLI command, registered in one place (DESIGN §5).</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<RunCommand>("run")
            .WithDescription("Run a pipeline: corpus → stages → accepted/rejected/failed.jsonl in a run directory.")
            .WithExample("run", "examples/quickstart.yaml")
            .WithExample("run", "pipeline.yaml", "--out", "out/run1", "--resume");

        config.AddCommand<MergeCommand>("merge")
            .WithDescription("Merge the shard run directories of a sharded run (--shard I/N) into one dataset directory.")
            .WithExample("merge", "out/big")
            .WithExample("merge", "out/big", "--out", "out/big-all", "--allow-missing-shards");

        config.AddCommand<ExportCommand>("export")
            .WithDescription("Export a finished run directory as a Hugging Face–ready dataset (Parquet shards + card) or training JSONL (messages, preference pairs).")
            .WithExample("export", "out/qs", "--format", "hf", "--out", "out/qs-hf")
            .WithExample("export", "out/qs", "--format", "messages", "--min-score", "answerable=4", "--where", "language=fr", "--out", "out/qs-sft");

        config.AddCommand<AgreementCommand>("agreement")
            .WithDescription("Agreement between judges and human raters (Krippendorff's alpha, Fleiss' and Cohen's kappa, correlations) from a labels JSONL file.")
            .WithExample("agreement", "--in", "labels.jsonl", "--gold", "human", "--html", "agreement.html");
        config.AddBranch("model", model =>
        {
            model.SetDescription("Model utilities.");
            model.AddCommand<ModelTinyCommand>("tiny").WithDescription("Write the deterministic random-weight test model (outputs are meaningless).")
                .WithExample("model", "tiny", "--out", "tiny.gguf", "--seed", "42");
        });
        config.AddCommand<ServeCommand>("serve").WithDescription("Serve a GGUF as an OpenAI-compatible endpoint (/v1/chat/completions, /v1/models).")
            .WithExample("serve", "--model", "model.gguf", "--port", "8000", "--parallel", "8");

        if (LineVerifierCatalog.Kinds.Count == 0)
        {
            return;
        }

        config.AddBranch("verify", verify =>
        {
            verify.SetDescription("Verify a JSONL file line by line (output = input + verdict, input order kept).");
            foreach (var kind in LineVerifierCatalog.Kinds.Keys.Order(StringComparer.Ordinal))
            {
                verify.AddCommand<VerifyCommand>(kind).WithDescription($"Verify with the {kind} verifier.")
                    .WithExample("verify", kind, "--in", "in.jsonl", "--out", "out.jsonl");
            }
        });
    }
}

using MidTrain.Core.Components;
using MidTrain.Filters.Components;
using MidTrain.Orchestrator.Cli.Commands;
using MidTrain.Orchestrator.Components;
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

        config.AddCommand<BatchesCommand>("batches")
            .WithDescription("List the provider batches a run in batch mode (batch: true) submitted, with their status; --cancel cancels the open ones.")
            .WithExample("batches", "out/big")
            .WithExample("batches", "out/big", "--cancel");

        config.AddCommand<MergeCommand>("merge")
            .WithDescription("Merge the shard run directories of a sharded run (--shard I/N) into one dataset directory.")
            .WithExample("merge", "out/big")
            .WithExample("merge", "out/big", "--out", "out/big-all", "--allow-missing-shards");

        config.AddCommand<DedupCommand>("dedup")
            .WithDescription("Combine finished run directories into one dataset without near-duplicate samples across them.")
            .WithExample("dedup", "out/run-a", "out/run-b", "--out", "out/combined");

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
        config.AddBranch("classifier", classifier =>
        {
            classifier.SetDescription("Corpus quality classifiers distilled from judge labels (FineWeb-Edu's method).");
            classifier.AddCommand<ClassifierTrainCommand>("train")
                .WithDescription("Train a classifier on a judge's labels (e.g. a run's judgements.jsonl) and report its agreement with the judge on held-out items.")
                .WithExample("classifier", "train", "--labels", "out/annotate/judgements.jsonl", "--corpus", "corpus.jsonl", "--criterion", "educational_value", "--out", "edu.mtc");
            classifier.AddCommand<ClassifierApplyCommand>("apply")
                .WithDescription("Score every line of a JSONL file with a classifier on all cores; keep those at or above the threshold.")
                .WithExample("classifier", "apply", "--model", "edu.mtc", "--in", "corpus.jsonl", "--out", "kept.jsonl", "--rejected", "dropped.jsonl");
        });
        // `serve --model F` (the default command of the branch) and `serve rewards` share the word: a branch with a
        // default command keeps the first form working.
        config.AddBranch("serve", serve =>
        {
            serve.SetDescription("Serve a GGUF as an OpenAI-compatible endpoint (serve --model F), or verifiers and judges as reward endpoints for RL trainers (serve rewards).");
            serve.SetDefaultCommand<ServeCommand>();
            serve.AddExample("serve", "--model", "model.gguf", "--port", "8000", "--parallel", "8");
            serve.AddCommand<RewardsServeCommand>("rewards")
                .WithDescription("Serve the verifiers and judges as reward endpoints for RL trainers (/v1/reward, OpenRLHF's /get_reward, SandboxFusion's /run_code, /metrics, /health) until SIGTERM/SIGINT.")
                .WithExample("serve", "rewards", "--config", "examples/rewards/rewards.yaml", "--port", "8100")
                .WithExample("serve", "rewards", "--host", "0.0.0.0", "--api-key-env", "REWARD_API_KEY");
        });

        config.AddBranch("filter", filter =>
        {
            filter.SetDescription("Filter a JSONL file of documents or samples with a filter of the filter: stage (kept → --out, rejected → --rejected).");
            foreach (var factory in BuiltInComponents.Catalog.Of<IFilterFactory>())
            {
                filter.AddCommand<FilterCommand>(factory.Name).WithDescription(factory.Summary)
                    .WithExample("filter", factory.Name, "--in", "corpus.jsonl", "--out", "clean.jsonl");
            }
        });

        config.AddBranch("verify", verify =>
        {
            verify.SetDescription("Verify a JSONL file line by line with a verifier of the verify: stage (output = input + verdict, input order kept).");
            foreach (var factory in BuiltInComponents.Catalog.Of<IVerifierFactory>())
            {
                verify.AddCommand<VerifyCommand>(factory.Name).WithDescription(factory.Summary)
                    .WithExample("verify", factory.Name, "--in", "in.jsonl", "--out", "out.jsonl");
            }
        });
    }
}

using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using MidTrain.Judges.Agreement;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace MidTrain.Orchestrator.Cli.Commands;

/// <summary>
/// <c>midtrain agreement --in LABELS.jsonl [--gold RATER] [--json] [--html REPORT.html] [--bootstrap N] [--seed S]</c>:
/// agreement between judges (and humans) from a labels file. With <c>--json</c> one JSON object goes to stdout;
/// otherwise readable tables go to stderr (the terminal), like all human-facing output of the CLI. Bad input lines are
/// listed on stderr as <c>file:line: reason</c>, skipped, and make the exit code 1.
/// </summary>
internal sealed class AgreementCommand : AsyncCommand<AgreementCommand.Settings>
{
    private const int BadLinesShown = 20;

    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--in <FILE>")]
        [Description("Labels JSONL: one {\"item\", \"rater\", \"label\"} object per line (label: number, string or null).")]
        public string? In { get; init; }

        [CommandOption("--gold <RATER>")]
        [Description("Measure every other rater against this one (accuracy, kappa, confusion matrix, MAE).")]
        public string? Gold { get; init; }

        [CommandOption("--json")]
        [Description("Print one JSON object on stdout instead of tables.")]
        public bool Json { get; init; }

        [CommandOption("--html <FILE>")]
        [Description("Also write a self-contained HTML report (inline SVG charts).")]
        public string? Html { get; init; }

        [CommandOption("--bootstrap <N>")]
        [Description("Bootstrap resamples of the items for 95% confidence intervals of alpha and kappa (0: none). Default 1000.")]
        public int Bootstrap { get; init; } = 1000;

        [CommandOption("--seed <S>")]
        [Description("Seed of the bootstrap. Default 42.")]
        public long Seed { get; init; } = 42;
    }

    public override Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        UsageException.RequireFile(settings.In, "--in");

        if (settings.Bootstrap < 0)
        {
            throw new UsageException($"--bootstrap must be 0 or more (got {settings.Bootstrap})");
        }

        if (settings.Html is not null && Path.GetDirectoryName(Path.GetFullPath(settings.Html)) is { } folder && !Directory.Exists(folder))
        {
            throw new UsageException($"--html: folder not found: {folder}");
        }

        var started = Stopwatch.GetTimestamp();
        var contents = LabelFile.Read(settings.In, BadLinesShown);
        foreach (var line in contents.BadLines)
        {
            Console.Error.WriteLine(line);
        }

        if (contents.BadLineCount > contents.BadLines.Count)
        {
            Console.Error.WriteLine($"… and {contents.BadLineCount - contents.BadLines.Count:N0} more bad lines");
        }

        var matrix = contents.Matrix;
        if (settings.Gold is not null && !matrix.Raters.Contains(settings.Gold, StringComparer.Ordinal))
        {
            var known = string.Join(", ", matrix.Raters.Take(10)) + (matrix.RaterCount > 10 ? ", …" : string.Empty);
            throw new UsageException($"--gold: rater '{settings.Gold}' has no labels in {settings.In} (raters: {known})");
        }

        var report = AgreementAnalyzer.Analyze(matrix, new AgreementOptions
        {
            GoldRater = settings.Gold,
            BootstrapResamples = settings.Bootstrap,
            Seed = settings.Seed,
        }, cancellationToken);

        if (settings.Html is not null)
        {
            File.WriteAllText(settings.Html, AgreementHtmlReport.Render(report, $"Judge agreement: {Path.GetFileName(settings.In)}"), new UTF8Encoding(false));
        }

        if (settings.Json)
        {
            Console.Out.WriteLine(report.ToJson());
        }
        else
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            if (Console.IsErrorRedirected)
            {
                console.Profile.Width = 200; // a log file has no terminal width: do not wrap the tables at 80 columns
            }

            Render(console, report);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        Console.Error.WriteLine(
            $"agreement: {contents.Lines:N0} lines, {matrix.LabelCount:N0} labels, {contents.MissingLabels:N0} missing, {contents.BadLineCount:N0} bad in {seconds:0.00} s"
            + (settings.Html is null ? string.Empty : $" → {settings.Html}"));
        return Task.FromResult(ExitCodes.OfFailures(contents.BadLineCount));
    }

    private static void Render(IAnsiConsole console, AgreementReport report)
    {
        var summary = new Table().Title("Agreement").AddColumn("measure").AddColumn(new TableColumn("value").RightAligned()).AddColumn("95% CI");
        summary.AddRow(T("items (pairable)"), T($"{report.Items:N0} ({report.PairableItems:N0})"), T(string.Empty));
        summary.AddRow(T("raters"), T(report.Raters.ToString(CultureInfo.InvariantCulture)), T(string.Empty));
        summary.AddRow(T("labels"), T($"{report.Labels:N0} ({report.LabelKind})"), T(string.Empty));
        var alpha = report.KrippendorffAlpha;
        var ci = report.KrippendorffAlphaCi;
        summary.AddRow(T("Krippendorff's α nominal"), T(F(alpha.Nominal)), T(Ci(ci?.Nominal)));
        summary.AddRow(T("Krippendorff's α ordinal"), T(F(alpha.Ordinal)), T(Ci(ci?.Ordinal)));
        summary.AddRow(T("Krippendorff's α interval"), T(F(alpha.Interval)), T(Ci(ci?.Interval)));
        summary.AddRow(T("Krippendorff's α ratio"), T(F(alpha.Ratio)), T(Ci(ci?.Ratio)));
        summary.AddRow(T("Fleiss' κ"), T(F(report.FleissKappa)), T(Ci(report.FleissKappaCi)));
        console.Write(summary);

        if (report.Pairs.Count > 0)
        {
            var pairs = new Table().Title("Pairs of raters").AddColumn("a").AddColumn("b");
            foreach (var column in new[] { "n", "agree", "κ", "κ 95% CI", "κ linear", "κ quadratic", "ρ", "τ-b", "r" })
            {
                pairs.AddColumn(new TableColumn(column).RightAligned());
            }

            foreach (var p in report.Pairs)
            {
                pairs.AddRow(T(p.A), T(p.B), T(p.N.ToString("N0", CultureInfo.InvariantCulture)), T(p.PercentAgreement.ToString("0.000", CultureInfo.InvariantCulture)),
                    T(F(p.CohenKappa.Unweighted)), T(Ci(p.CohenKappaCi?.Unweighted)), T(F(p.CohenKappa.Linear)), T(F(p.CohenKappa.Quadratic)),
                    T(F(p.Spearman)), T(F(p.KendallTauB)), T(F(p.Pearson)));
            }

            console.Write(pairs);
        }

        if (report.VsGold is { } gold)
        {
            var table = new Table().Title($"Against gold: {Markup.Escape(gold.Gold)}").AddColumn("rater");
            foreach (var column in new[] { "n", "accuracy", "κ", "κ 95% CI", "MAE" })
            {
                table.AddColumn(new TableColumn(column).RightAligned());
            }

            foreach (var r in gold.Raters)
            {
                table.AddRow(T(r.Rater), T(r.N.ToString("N0", CultureInfo.InvariantCulture)), T(F(r.Accuracy)), T(F(r.CohenKappa.Unweighted)),
                    T(Ci(r.CohenKappaCi?.Unweighted)), T(F(r.MeanAbsoluteError)));
            }

            console.Write(table);
        }

        foreach (var (field, reason) in report.Notes.OrderBy(n => n.Key, StringComparer.Ordinal))
        {
            console.Write(new Text($"{field}: {reason}\n", new Style(Color.Grey)));
        }
    }

    private static IRenderable T(string text) => new Text(text);

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    private static string Ci(ConfidenceInterval? interval) =>
        interval is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"[{interval.Low:0.000}, {interval.High:0.000}]");
}

using System.Globalization;
using System.Text;

namespace MidTrain.Judges.Agreement;

/// <summary>
/// Renders an <see cref="AgreementReport"/> as one self-contained HTML page: no scripts, fonts, stylesheets or images
/// from elsewhere, every chart an inline SVG. It shows Krippendorff's α with its confidence intervals, heatmaps of
/// pairwise Cohen's κ, confusion matrices (each rater against gold, or else each pair of raters) and the distribution of
/// labels per rater. All text from the data is HTML-escaped. Stateless and thread-safe; the same report gives the
/// same bytes.
/// </summary>
public static class AgreementHtmlReport
{
    private const int MaxConfusionMatrices = 24;
    private const int MaxBars = 40;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The page for <paramref name="report"/>; <paramref name="title"/> heads it (default "Judge agreement").</summary>
    public static string Render(AgreementReport report, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        title ??= "Judge agreement";
        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n")
            .Append("<style>\n")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2em auto;max-width:1100px;color:#1a202c;padding:0 1em}\n")
            .Append("h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #e2e8f0;padding-bottom:.2em}\n")
            .Append("table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #e2e8f0;padding:.25em .6em;text-align:right}\n")
            .Append("th{background:#f7fafc}td.l,th.l{text-align:left}.muted{color:#718096}.grid{display:flex;flex-wrap:wrap;gap:1.5em}\n")
            .Append("figure{margin:0}figcaption{font-size:.85em;color:#4a5568;margin-bottom:.3em}svg text{font-family:inherit}\n")
            .Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n");

        Summary(html, report);
        AlphaChart(html, report);
        html.Append("<h2>Pairwise Cohen's κ</h2>\n");
        if (report.Pairs.Count == 0)
        {
            html.Append("<p class=\"muted\">No two raters labelled a common item.</p>\n");
        }
        else
        {
            html.Append("<div class=\"grid\">\n");
            Heatmap(html, report, "unweighted κ", p => p.CohenKappa.Unweighted);
            if (report.LabelKind == "numeric")
            {
                Heatmap(html, report, "quadratic-weighted κ", p => p.CohenKappa.Quadratic);
            }

            html.Append("</div>\n");
            PairTable(html, report);
        }

        ConfusionMatrices(html, report);
        Distributions(html, report);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void Summary(StringBuilder html, AgreementReport report)
    {
        html.Append("<table>\n");
        Row("items", report.Items.ToString(Invariant));
        Row("pairable items (≥ 2 labels)", report.PairableItems.ToString(Invariant));
        Row("raters", report.Raters.ToString(Invariant));
        Row("labels", report.Labels.ToString(Invariant));
        Row("label kind", report.LabelKind);
        Row("Fleiss' κ", F(report.FleissKappa) + Ci(report.FleissKappaCi));
        Row("bootstrap", report.Bootstrap.Resamples == 0
            ? "off"
            : $"{report.Bootstrap.Resamples} resamples of items, seed {report.Bootstrap.Seed}, {report.Bootstrap.Confidence * 100:0.#}% percentile intervals");
        if (report.VsGold is not null)
        {
            Row("gold rater", report.VsGold.Gold);
        }

        html.Append("</table>\n");
        if (report.Notes.Count > 0)
        {
            html.Append("<ul class=\"muted\">\n");
            foreach (var (field, reason) in report.Notes.OrderBy(n => n.Key, StringComparer.Ordinal))
            {
                html.Append("<li><code>").Append(E(field)).Append("</code> is null: ").Append(E(reason)).Append("</li>\n");
            }

            html.Append("</ul>\n");
        }

        void Row(string name, string value) =>
            html.Append("<tr><th class=\"l\">").Append(E(name)).Append("</th><td class=\"l\">").Append(E(value)).Append("</td></tr>\n");
    }

    private static void AlphaChart(StringBuilder html, AgreementReport report)
    {
        html.Append("<h2>Krippendorff's α</h2>\n");
        var alpha = report.KrippendorffAlpha;
        var ci = report.KrippendorffAlphaCi;
        (string Level, double? Value, ConfidenceInterval? Interval)[] rows =
        [
            ("nominal", alpha.Nominal, ci?.Nominal),
            ("ordinal", alpha.Ordinal, ci?.Ordinal),
            ("interval", alpha.Interval, ci?.Interval),
            ("ratio", alpha.Ratio, ci?.Ratio),
        ];
        const int left = 90, width = 460, rowHeight = 34, top = 24;
        var height = top + rows.Length * rowHeight + 10;
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg width=\"{left + width + 170}\" height=\"{height}\" viewBox=\"0 0 {left + width + 170} {height}\" role=\"img\" aria-label=\"Krippendorff's alpha with confidence intervals\">\n");
        foreach (var tick in new[] { -1.0, -0.5, 0, 0.5, 0.667, 0.8, 1 })
        {
            var x = left + (tick + 1) / 2 * width;
            var dash = tick is 0.667 or 0.8 ? " stroke-dasharray=\"3,3\"" : string.Empty;
            svg.Append(Invariant, $"<line x1=\"{x:0.#}\" y1=\"{top - 6}\" x2=\"{x:0.#}\" y2=\"{height - 8}\" stroke=\"#cbd5e0\"{dash}/>");
            svg.Append(Invariant, $"<text x=\"{x:0.#}\" y=\"{top - 10}\" font-size=\"10\" text-anchor=\"middle\" fill=\"#718096\">{tick:0.###}</text>\n");
        }

        for (var i = 0; i < rows.Length; i++)
        {
            var (level, value, interval) = rows[i];
            var y = top + i * rowHeight + rowHeight / 2;
            svg.Append(Invariant, $"<text x=\"{left - 8}\" y=\"{y + 4}\" font-size=\"13\" text-anchor=\"end\">{level}</text>");
            if (value is null)
            {
                svg.Append(Invariant, $"<text x=\"{left + 6}\" y=\"{y + 4}\" font-size=\"12\" fill=\"#a0aec0\">undefined</text>\n");
                continue;
            }

            if (interval is not null)
            {
                var x1 = X(interval.Low);
                var x2 = X(interval.High);
                svg.Append(Invariant, $"<line x1=\"{x1:0.#}\" y1=\"{y}\" x2=\"{x2:0.#}\" y2=\"{y}\" stroke=\"#2b6cb0\" stroke-width=\"3\"/>");
                svg.Append(Invariant, $"<line x1=\"{x1:0.#}\" y1=\"{y - 6}\" x2=\"{x1:0.#}\" y2=\"{y + 6}\" stroke=\"#2b6cb0\" stroke-width=\"2\"/>");
                svg.Append(Invariant, $"<line x1=\"{x2:0.#}\" y1=\"{y - 6}\" x2=\"{x2:0.#}\" y2=\"{y + 6}\" stroke=\"#2b6cb0\" stroke-width=\"2\"/>");
            }

            svg.Append(Invariant, $"<circle cx=\"{X(value.Value):0.#}\" cy=\"{y}\" r=\"5\" fill=\"#1a365d\"/>");
            svg.Append(Invariant, $"<text x=\"{left + width + 10}\" y=\"{y + 4}\" font-size=\"12\">{E(F(value) + Ci(interval))}</text>\n");
        }

        svg.Append("</svg>\n");
        html.Append("<figure><figcaption>Point estimate with its bootstrap interval; dashed lines at 0.667 and 0.8, Krippendorff's thresholds for tentative and reliable conclusions.</figcaption>\n")
            .Append(svg).Append("</figure>\n");

        static double X(double value) => left + (Math.Clamp(value, -1, 1) + 1) / 2 * width;
    }

    private static void Heatmap(StringBuilder html, AgreementReport report, string caption, Func<PairAgreement, double?> value)
    {
        var raters = report.RaterIds;
        var byPair = new Dictionary<(string, string), double?>();
        foreach (var pair in report.Pairs)
        {
            byPair[(pair.A, pair.B)] = value(pair);
            byPair[(pair.B, pair.A)] = value(pair);
        }

        var cell = raters.Count <= 12 ? 44 : raters.Count <= 30 ? 22 : 12;
        var label = Math.Min(180, 8 + 7 * raters.Max(r => Math.Min(r.Length, 24)));
        var size = label + cell * raters.Count + 10;
        var width = size + label / 2; // room for the last rotated column name
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg width=\"{width}\" height=\"{size}\" viewBox=\"0 0 {width} {size}\" role=\"img\" aria-label=\"{E(caption)} heatmap\">\n");
        for (var i = 0; i < raters.Count; i++)
        {
            var name = E(Short(raters[i]));
            var center = label + i * cell + cell / 2;
            svg.Append(Invariant, $"<text x=\"{label - 4}\" y=\"{center + 4}\" font-size=\"11\" text-anchor=\"end\">{name}</text>");
            svg.Append(Invariant, $"<text transform=\"translate({center},{label - 4}) rotate(-60)\" font-size=\"11\">{name}</text>\n");
        }

        for (var i = 0; i < raters.Count; i++)
        {
            for (var j = 0; j < raters.Count; j++)
            {
                var x = label + j * cell;
                var y = label + i * cell;
                string fill, text;
                if (i == j)
                {
                    fill = "#edf2f7";
                    text = string.Empty;
                }
                else if (byPair.TryGetValue((raters[i], raters[j]), out var kappa) && kappa is { } k)
                {
                    fill = Color(k);
                    text = cell >= 40 ? k.ToString("0.00", Invariant) : string.Empty;
                }
                else
                {
                    fill = "#f7fafc";
                    text = cell >= 40 ? "–" : string.Empty;
                }

                var title = i == j ? E(raters[i]) : E($"{raters[i]} × {raters[j]}: {(byPair.TryGetValue((raters[i], raters[j]), out var v) ? F(v) : "no common items")}");
                svg.Append(Invariant, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell - 1}\" height=\"{cell - 1}\" fill=\"{fill}\"><title>{title}</title></rect>");
                if (text.Length > 0)
                {
                    var dark = byPair.TryGetValue((raters[i], raters[j]), out var d) && d is { } dv && Math.Abs(dv) > 0.6;
                    svg.Append(Invariant, $"<text x=\"{x + cell / 2}\" y=\"{y + cell / 2 + 4}\" font-size=\"11\" text-anchor=\"middle\" fill=\"{(dark ? "#ffffff" : "#1a202c")}\">{text}</text>");
                }
            }

            svg.Append('\n');
        }

        svg.Append("</svg>\n");
        html.Append("<figure><figcaption>").Append(E(caption)).Append(" (blue: agreement, red: systematic disagreement)</figcaption>\n").Append(svg).Append("</figure>\n");
    }

    private static void PairTable(StringBuilder html, AgreementReport report)
    {
        html.Append("<table>\n<tr><th class=\"l\">a</th><th class=\"l\">b</th><th>n</th><th>agreement</th><th>κ</th><th>κ linear</th><th>κ quadratic</th><th>Spearman ρ</th><th>Kendall τ-b</th><th>Pearson r</th></tr>\n");
        foreach (var pair in report.Pairs)
        {
            html.Append("<tr><td class=\"l\">").Append(E(pair.A)).Append("</td><td class=\"l\">").Append(E(pair.B)).Append("</td>")
                .Append("<td>").Append(pair.N.ToString(Invariant)).Append("</td>")
                .Append("<td>").Append(pair.PercentAgreement.ToString("0.000", Invariant)).Append("</td>")
                .Append("<td>").Append(E(F(pair.CohenKappa.Unweighted) + Ci(pair.CohenKappaCi?.Unweighted))).Append("</td>")
                .Append("<td>").Append(E(F(pair.CohenKappa.Linear) + Ci(pair.CohenKappaCi?.Linear))).Append("</td>")
                .Append("<td>").Append(E(F(pair.CohenKappa.Quadratic) + Ci(pair.CohenKappaCi?.Quadratic))).Append("</td>")
                .Append("<td>").Append(F(pair.Spearman)).Append("</td><td>").Append(F(pair.KendallTauB)).Append("</td><td>").Append(F(pair.Pearson)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
    }

    private static void ConfusionMatrices(StringBuilder html, AgreementReport report)
    {
        html.Append("<h2>Confusion matrices</h2>\n");
        List<(string Caption, string Rows, string Columns, ConfusionMatrix Matrix)> matrices;
        if (report.VsGold is not null)
        {
            html.Append("<p class=\"muted\">Rows: the gold rater's label; columns: the rater's label.</p>\n");
            matrices = [.. report.VsGold.Raters
                .Where(r => r.N > 0)
                .Select(r => ($"{r.Rater} vs gold {report.VsGold.Gold}: n {r.N}, accuracy {F(r.Accuracy)}, κ {F(r.CohenKappa.Unweighted)}"
                    + (r.MeanAbsoluteError is { } mae ? $", MAE {mae:0.000}" : string.Empty), report.VsGold.Gold, r.Rater, r.ConfusionMatrix))];
        }
        else
        {
            matrices = [.. report.Pairs
                .Where(p => p.ConfusionMatrix is not null)
                .Select(p => ($"{p.A} × {p.B}: n {p.N}, κ {F(p.CohenKappa.Unweighted)}", p.A, p.B, p.ConfusionMatrix!))];
        }

        if (matrices.Count == 0)
        {
            html.Append("<p class=\"muted\">None to show.</p>\n");
            return;
        }

        html.Append("<div class=\"grid\">\n");
        foreach (var (caption, rows, columns, matrix) in matrices.Take(MaxConfusionMatrices))
        {
            html.Append("<figure><figcaption>").Append(E(caption)).Append("</figcaption>\n").Append(ConfusionSvg(matrix, rows, columns)).Append("</figure>\n");
        }

        html.Append("</div>\n");
        if (matrices.Count > MaxConfusionMatrices)
        {
            html.Append(Invariant, $"<p class=\"muted\">{matrices.Count - MaxConfusionMatrices} more matrices are in the JSON report.</p>\n");
        }
    }

    private static string ConfusionSvg(ConfusionMatrix matrix, string rowsName, string columnsName)
    {
        var k = matrix.Labels.Count;
        var cell = k <= 8 ? 36 : k <= 20 ? 20 : 10;
        var label = Math.Min(90, 10 + 7 * (k == 0 ? 1 : matrix.Labels.Max(l => Math.Min(l.Length, 12))));
        var size = label + 18 + cell * k + 6;
        var max = Math.Max(1, matrix.Counts.SelectMany(r => r).DefaultIfEmpty(0).Max());
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg width=\"{size}\" height=\"{size}\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"confusion matrix\">\n");
        var origin = label + 18;
        svg.Append(Invariant, $"<text x=\"{origin + cell * k / 2}\" y=\"11\" font-size=\"11\" text-anchor=\"middle\" fill=\"#4a5568\">{E(Short(columnsName))}</text>");
        svg.Append(Invariant, $"<text transform=\"translate(11,{origin + cell * k / 2}) rotate(-90)\" font-size=\"11\" text-anchor=\"middle\" fill=\"#4a5568\">{E(Short(rowsName))}</text>\n");
        for (var i = 0; i < k; i++)
        {
            var name = E(Short(matrix.Labels[i], 12));
            var center = origin + i * cell + cell / 2;
            svg.Append(Invariant, $"<text x=\"{origin - 4}\" y=\"{center + 4}\" font-size=\"10\" text-anchor=\"end\">{name}</text>");
            svg.Append(Invariant, $"<text x=\"{center}\" y=\"{origin - 4}\" font-size=\"10\" text-anchor=\"middle\">{name}</text>\n");
        }

        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var count = matrix.Counts[i][j];
                var share = (double)count / max;
                var x = origin + j * cell;
                var y = origin + i * cell;
                var fill = count == 0 ? "#ffffff" : Blend(i == j ? (43, 108, 176) : (221, 107, 32), 0.15 + 0.85 * share);
                svg.Append(Invariant, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell - 1}\" height=\"{cell - 1}\" fill=\"{fill}\" stroke=\"#e2e8f0\"><title>{E($"{rowsName}={matrix.Labels[i]}, {columnsName}={matrix.Labels[j]}: {count}")}</title></rect>");
                if (cell >= 20 && count > 0)
                {
                    svg.Append(Invariant, $"<text x=\"{x + cell / 2}\" y=\"{y + cell / 2 + 4}\" font-size=\"{(cell >= 36 ? 11 : 8)}\" text-anchor=\"middle\" fill=\"{(share > 0.55 ? "#ffffff" : "#1a202c")}\">{count}</text>");
                }
            }

            svg.Append('\n');
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void Distributions(StringBuilder html, AgreementReport report)
    {
        html.Append("<h2>Label distribution per rater</h2>\n");
        if (report.RaterDistributions.Count == 0)
        {
            html.Append("<p class=\"muted\">No labels.</p>\n");
            return;
        }

        var (names, binCounts) = Bins(report);
        html.Append("<div class=\"grid\">\n");
        for (var r = 0; r < report.RaterDistributions.Count; r++)
        {
            var distribution = report.RaterDistributions[r];
            var counts = binCounts[r];
            const int barArea = 120, top = 8, bottom = 34;
            var bar = Math.Clamp(320 / Math.Max(1, counts.Length), 6, 40);
            var width = 40 + bar * counts.Length + 10; // bars start at x = 40, after the axis label
            var height = top + barArea + bottom;
            var max = Math.Max(1, counts.Max());
            var svg = new StringBuilder();
            svg.Append(Invariant, $"<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"label distribution\">\n");
            svg.Append(Invariant, $"<line x1=\"38\" y1=\"{top + barArea}\" x2=\"{width - 6}\" y2=\"{top + barArea}\" stroke=\"#a0aec0\"/>");
            svg.Append(Invariant, $"<text x=\"35\" y=\"{top + 8}\" font-size=\"10\" text-anchor=\"end\" fill=\"#718096\">{max}</text>\n");
            for (var c = 0; c < counts.Length; c++)
            {
                var h = (double)counts[c] / max * barArea;
                var x = 40 + c * bar;
                svg.Append(Invariant, $"<rect x=\"{x}\" y=\"{top + barArea - h:0.#}\" width=\"{bar - 2}\" height=\"{h:0.#}\" fill=\"#4299e1\"><title>{E($"{names[c]}: {counts[c]}")}</title></rect>");
                if (counts.Length <= 12)
                {
                    svg.Append(Invariant, $"<text x=\"{x + (bar - 2) / 2}\" y=\"{top + barArea + 13}\" font-size=\"10\" text-anchor=\"middle\">{E(Short(names[c], 6))}</text>");
                }

                svg.Append('\n');
            }

            if (counts.Length > 12)
            {
                svg.Append(Invariant, $"<text x=\"40\" y=\"{top + barArea + 13}\" font-size=\"10\">{E(Short(names[0], 10))}</text>");
                svg.Append(Invariant, $"<text x=\"{width - 6}\" y=\"{top + barArea + 13}\" font-size=\"10\" text-anchor=\"end\">{E(Short(names[^1], 10))}</text>\n");
            }

            svg.Append("</svg>\n");
            html.Append("<figure><figcaption>").Append(E(distribution.Rater)).Append(Invariant, $" ({distribution.Labels} labels)</figcaption>\n").Append(svg).Append("</figure>\n");
        }

        html.Append("</div>\n");
        if (report.LabelKind != "numeric" && report.Categories.Count > MaxBars)
        {
            html.Append(Invariant, $"<p class=\"muted\">Only the first {MaxBars} of {report.Categories.Count} categories are drawn.</p>\n");
        }
    }

    /// <summary>One bar per category, or for many numeric categories equal-width bins over the value range.</summary>
    private static (string[] Names, long[][] Counts) Bins(AgreementReport report)
    {
        var categories = report.Categories;
        if (categories.Count <= MaxBars)
        {
            return ([.. categories], [.. report.RaterDistributions.Select(d => d.Counts.ToArray())]);
        }

        if (report.LabelKind != "numeric")
        {
            return ([.. categories.Take(MaxBars)], [.. report.RaterDistributions.Select(d => d.Counts.Take(MaxBars).ToArray())]);
        }

        var values = categories.Select(c => double.Parse(c, Invariant)).ToArray();
        var min = values[0];
        var step = (values[^1] - min) / 20;
        var names = Enumerable.Range(0, 20).Select(b => (min + b * step).ToString("G4", Invariant)).ToArray();
        var counts = report.RaterDistributions.Select(d =>
        {
            var bins = new long[20];
            for (var c = 0; c < values.Length; c++)
            {
                bins[Math.Min(19, (int)((values[c] - min) / step))] += d.Counts[c];
            }

            return bins;
        }).ToArray();
        return (names, counts);
    }

    private static string Color(double kappa)
    {
        var t = Math.Clamp(kappa, -1, 1);
        return t >= 0 ? Blend((43, 108, 176), t) : Blend((197, 48, 48), -t);
    }

    private static string Blend((int R, int G, int B) target, double amount)
    {
        int Mix(int channel) => (int)Math.Round(255 + (channel - 255) * Math.Clamp(amount, 0, 1));
        return $"#{Mix(target.R):x2}{Mix(target.G):x2}{Mix(target.B):x2}";
    }

    private static string F(double? value) => value is { } v ? v.ToString("0.000", Invariant) : "—";

    private static string Ci(ConfidenceInterval? interval) =>
        interval is null ? string.Empty : string.Create(Invariant, $" [{interval.Low:0.000}, {interval.High:0.000}]");

    private static string Short(string text, int max = 24) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>Escapes the five HTML-significant characters and nothing else (the page is UTF-8).</summary>
    private static string E(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}

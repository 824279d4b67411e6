using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VirtSriov.Core.Runs;

/// <summary>
/// The history as a file: one row per run with the columns the History page shows, as CSV (RFC 4180: every field
/// quoted that holds a comma, quote or line break, quotes doubled; invariant culture) or as JSON (camelCase).
/// </summary>
public static class RunHistoryExport
{
    /// <summary>Most runs one export holds.</summary>
    public const int MaxRuns = 10_000;

    private static readonly string[] Columns =
        ["id", "startedAt", "finishedAt", "lab", "simulated", "status", "teardown", "stepsSucceeded", "vfCount", "workerCount", "peakRxPps", "meanRxPps", "lossPercent"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string ToCsv(IEnumerable<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var csv = new StringBuilder();
        AppendLine(csv, Columns);
        foreach (var run in runs)
        {
            AppendLine(csv, Cells(run));
        }

        return csv.ToString();
    }

    public static string ToJson(IEnumerable<RunSummary> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = runs.Select(run => Columns.Zip(Values(run)).ToDictionary(c => c.First, c => c.Second));
        return JsonSerializer.Serialize(rows, Json);
    }

    private static object?[] Values(RunSummary run) =>
    [
        run.Id, run.CreatedAt, run.FinishedAt, run.LabName, run.LabSimulated, run.Status.ToString(), run.Teardown?.ToString(), run.StepsSucceeded,
        run.VfCount, run.WorkerCount, run.Throughput?.PeakRxPps, run.Throughput?.MeanRxPps, run.Throughput?.LossPercent,
    ];

    private static IEnumerable<string> Cells(RunSummary run) => Values(run).Select(value => value switch
    {
        null => "",
        DateTimeOffset at => at.ToString("O", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    });

    private static void AppendLine(StringBuilder csv, IEnumerable<string> cells)
    {
        csv.AppendJoin(',', cells.Select(Escape));
        csv.Append("\r\n");
    }

    private static string Escape(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}

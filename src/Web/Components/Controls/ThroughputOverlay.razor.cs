using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Charts;
using VirtSriov.Core.Runs;

namespace VirtSriov.Web.Components.Controls;

/// <summary>
/// Two runs' throughput on one axis: for each run its latest DPDK test, Rx and Tx packets per second summed over the
/// ports, per second of test time (0 = the test's first sample), so runs made days apart line up.
/// </summary>
public sealed partial class ThroughputOverlay
{
    private static readonly string[] Palette = ["#1565c0", "#90caf9", "#ef6c00", "#ffcc80"];

    private List<ChartSeries<double>> _series = [];
    private TimeSeriesChartOptions _options = new();

    /// <summary>Run A's samples, in sequence order.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<ThroughputPoint> A { get; set; } = [];

    /// <summary>Run B's samples, in sequence order.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<ThroughputPoint> B { get; set; } = [];

    internal IReadOnlyList<ChartSeries<double>> Series => _series;

    protected override void OnParametersSet()
    {
        _series = [.. Lines("A", A), .. Lines("B", B)];
        _options = new TimeSeriesChartOptions
        {
            ChartPalette = Palette,
            YAxisToStringFunc = v => RateFormat.Pps((long)v),
            YAxisTitle = "packets/s",
            XAxisTitle = "Test time (min:s)",
            TimeLabelFormat = "mm:ss",
            YAxisRequireZeroPoint = true,
            ShowDataMarkers = false,
            LineStrokeWidth = 2,
        };
    }

    private static IEnumerable<ChartSeries<double>> Lines(string run, IReadOnlyList<ThroughputPoint> points)
    {
        var latest = points.Count == 0 ? (Guid?)null : points[^1].Sample.TestAttempt;
        var seconds = points
            .Where(p => p.Sample.TestAttempt == latest)
            .GroupBy(p => (p.Sample.Port, Second: p.At.ToUnixTimeSeconds()))
            .Select(g => g.MaxBy(p => p.Sequence)!)
            .GroupBy(p => p.At.ToUnixTimeSeconds())
            .OrderBy(g => g.Key)
            .ToList();
        if (seconds.Count == 0)
        {
            yield break;
        }

        var start = seconds[0].Key;
        ChartSeries<double> Line(string name, Func<IEnumerable<ThroughputPoint>, double> rate) => new()
        {
            Name = name,
            Data = seconds.Select(s => new TimeValue<double>(DateTime.UnixEpoch.AddSeconds(s.Key - start), rate(s))).ToList(),
        };

        yield return Line($"Run {run} Rx", s => s.Sum(p => p.Sample.RxPps));
        yield return Line($"Run {run} Tx", s => s.Sum(p => p.Sample.TxPps));
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>
/// Rx/Tx packets per second per port as an SVG line chart at 1 s resolution over the last
/// <see cref="WindowSeconds"/> seconds, plus the current bits per second and line rate. Each DPDK test attempt of
/// the run is its own series: the latest is shown unless the operator picks an earlier one.
/// </summary>
public sealed partial class ThroughputChart
{
    private const int Width = 600;
    private const int Height = 180;
    private static readonly string[] Palette = ["#1e88e5", "#e53935", "#43a047", "#8e24aa"];

    private IReadOnlyList<Guid> _attempts = [];
    private Guid? _pickedAttempt;
    private Guid _shownAttempt;
    private IReadOnlyList<ChartSeries> _series = [];
    private IReadOnlyList<ThroughputSample> _current = [];
    private long _maxPps;

    /// <summary>Samples in sequence order (several ports interleaved).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<ThroughputPoint> Points { get; set; } = [];

    /// <summary>How many one-second points the chart shows.</summary>
    [Parameter]
    public int WindowSeconds { get; set; } = 60;

    /// <summary>The lab is simulated: testpmd ran on null devices, which have no line rate.</summary>
    [Parameter]
    public bool Simulated { get; set; }

    protected override void OnParametersSet() => Recompute();

    /// <summary>Picking the latest attempt follows the next rerun as it starts; picking an earlier one stays on it.</summary>
    private void Show(Guid attempt)
    {
        _pickedAttempt = attempt == _attempts[^1] ? null : attempt;
        Recompute();
    }

    private void Recompute()
    {
        _attempts = [.. Points.Select(p => p.Sample.TestAttempt).Distinct()];
        _shownAttempt = _pickedAttempt is { } picked && _attempts.Contains(picked) ? picked : _attempts.Count == 0 ? Guid.Empty : _attempts[^1];
        var perSecond = Points
            .Where(p => p.Sample.TestAttempt == _shownAttempt)
            .GroupBy(p => (p.Sample.Port, Second: p.At.ToUnixTimeSeconds()))
            .Select(g => g.MaxBy(p => p.Sequence)!)
            .ToList();
        if (perSecond.Count == 0)
        {
            _series = [];
            _current = [];
            return;
        }

        var lastSecond = perSecond.Max(p => p.At.ToUnixTimeSeconds());
        var firstSecond = lastSecond - WindowSeconds + 1;
        var window = perSecond.Where(p => p.At.ToUnixTimeSeconds() >= firstSecond).ToList();
        _maxPps = Math.Max(1, window.Max(p => Math.Max(p.Sample.RxPps, p.Sample.TxPps)));
        _current = [.. perSecond.GroupBy(p => p.Sample.Port).OrderBy(g => g.Key).Select(g => g.MaxBy(p => p.Sequence)!.Sample)];

        var series = new List<ChartSeries>();
        foreach (var port in window.GroupBy(p => p.Sample.Port).OrderBy(g => g.Key))
        {
            var ordered = port.OrderBy(p => p.At).ToList();
            var color = Palette[port.Key % Palette.Length];
            series.Add(new ChartSeries(port.Key, "rx", color, PointsOf(ordered, firstSecond, s => s.RxPps)));
            series.Add(new ChartSeries(port.Key, "tx", color, PointsOf(ordered, firstSecond, s => s.TxPps)));
        }

        _series = series;
    }

    private string PointsOf(IEnumerable<ThroughputPoint> points, long firstSecond, Func<ThroughputSample, long> value)
    {
        var xStep = WindowSeconds > 1 ? (double)Width / (WindowSeconds - 1) : Width;
        return string.Join(' ', points.Select(p =>
        {
            var x = (p.At.ToUnixTimeSeconds() - firstSecond) * xStep;
            var y = Height - (double)value(p.Sample) / _maxPps * (Height - 16);
            return string.Create(CultureInfo.InvariantCulture, $"{x:0.#},{y:0.#}");
        }));
    }

    private sealed record ChartSeries(int Port, string Direction, string Color, string Points);
}

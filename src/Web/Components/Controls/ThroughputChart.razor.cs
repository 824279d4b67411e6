using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Charts;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Components.Controls;

/// <summary>
/// Rx and Tx rate per port over the whole DPDK test as a MudBlazor time-series chart (one point per second, in packets
/// or bits per second), a line-rate reference where the link speed is known, and the current rates as text. Each DPDK
/// test attempt of the run is its own chart: the latest is shown unless the operator picks an earlier one.
/// Samples arrive once per second per port, so redraws are throttled to <see cref="RedrawInterval"/>; the operator's
/// own clicks redraw at once.
/// </summary>
public sealed partial class ThroughputChart : IDisposable
{
    public static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(300);

    private static readonly string[] RxColors = ["#1565c0", "#2e7d32", "#6a1b9a", "#00838f"];
    private static readonly string[] TxColors = ["#ef6c00", "#c62828", "#ad1457", "#827717"];
    private const string LineRateColor = "#757575";

    private IReadOnlyList<Guid> _attempts = [];
    private Guid? _pickedAttempt;
    private Guid _shownAttempt;
    private RateUnit _unit = RateUnit.Packets;
    private List<ThroughputPoint> _perSecond = [];
    private List<ChartSeries<double>> _series = [];
    private TimeSeriesChartOptions _options = new();
    private IReadOnlyList<ThroughputSample> _current = [];
    private long _lastRender;
    private bool _redrawNow = true;
    private ITimer? _trailingRedraw;

    public enum RateUnit
    {
        Packets,
        Bits,
    }

    [Inject]
    public required TimeProvider Time { get; init; }

    /// <summary>Samples in sequence order (several ports interleaved).</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<ThroughputPoint> Points { get; set; } = [];

    /// <summary>The lab is simulated: testpmd ran on null devices, which have no line rate.</summary>
    [Parameter]
    public bool Simulated { get; set; }

    internal IReadOnlyList<ChartSeries<double>> Series => _series;

    private string AriaLabel => $"Rx and Tx {UnitLabel(_unit)} per port over the whole test";

    public void Dispose() => _trailingRedraw?.Dispose();

    protected override void OnInitialized() => Recompute();

    protected override bool ShouldRender()
    {
        var sinceLast = Time.GetElapsedTime(_lastRender);
        if (!_redrawNow && sinceLast < RedrawInterval)
        {
            _trailingRedraw ??= Time.CreateTimer(_ => _ = InvokeAsync(RedrawNow), null, RedrawInterval - sinceLast, Timeout.InfiniteTimeSpan);
            return false;
        }

        _redrawNow = false;
        _lastRender = Time.GetTimestamp();
        _trailingRedraw?.Dispose();
        _trailingRedraw = null;
        Recompute();
        return true;
    }

    private void RedrawNow()
    {
        _redrawNow = true;
        StateHasChanged();
    }

    /// <summary>Picking the latest attempt follows the next rerun as it starts; picking an earlier one stays on it.</summary>
    private void Show(Guid attempt)
    {
        _pickedAttempt = attempt == _attempts[^1] ? null : attempt;
        _redrawNow = true;
    }

    private void ShowUnit(RateUnit unit)
    {
        _unit = unit;
        _redrawNow = true;
    }

    private static string UnitLabel(RateUnit unit) => unit == RateUnit.Packets ? "packets/s" : "bits/s";

    private void Recompute()
    {
        _attempts = [.. Points.Select(p => p.Sample.TestAttempt).Distinct()];
        _shownAttempt = _pickedAttempt is { } picked && _attempts.Contains(picked) ? picked : _attempts.Count == 0 ? Guid.Empty : _attempts[^1];
        _perSecond = [.. Points
            .Where(p => p.Sample.TestAttempt == _shownAttempt)
            .GroupBy(p => (p.Sample.Port, Second: p.At.ToUnixTimeSeconds()))
            .Select(g => g.MaxBy(p => p.Sequence)!)
            .OrderBy(p => p.At)];
        _current = [.. _perSecond.GroupBy(p => p.Sample.Port).OrderBy(g => g.Key).Select(g => g.MaxBy(p => p.Sequence)!.Sample)];
        if (_perSecond.Count == 0)
        {
            _series = [];
            return;
        }

        var startSecond = _perSecond[0].At.ToUnixTimeSeconds();
        var endSecond = _perSecond[^1].At.ToUnixTimeSeconds();
        DateTime Elapsed(long second) => DateTime.UnixEpoch.AddSeconds(second - startSecond);

        List<ChartSeries<double>> series = [];
        List<string> palette = [];
        foreach (var port in _perSecond.GroupBy(p => p.Sample.Port).OrderBy(g => g.Key))
        {
            var counted = _unit == RateUnit.Packets ? [.. port] : port.Where(p => p.Sample.BytesReported).ToList();
            if (counted.Count == 0)
            {
                continue;
            }

            series.Add(Line($"Port {port.Key} Rx", counted.Select(p => new TimeValue<double>(Elapsed(p.At.ToUnixTimeSeconds()), Rate(p.Sample, rx: true)))));
            series.Add(Line($"Port {port.Key} Tx", counted.Select(p => new TimeValue<double>(Elapsed(p.At.ToUnixTimeSeconds()), Rate(p.Sample, rx: false)))));
            palette.Add(RxColors[port.Key % RxColors.Length]);
            palette.Add(TxColors[port.Key % TxColors.Length]);
            if (!Simulated && LineRate(counted[^1].Sample) is { } lineRate)
            {
                series.Add(Line($"Port {port.Key} line rate", [new(Elapsed(startSecond), lineRate), new(Elapsed(endSecond), lineRate)]));
                palette.Add(LineRateColor);
            }
        }

        _series = series;
        _options = new TimeSeriesChartOptions
        {
            ChartPalette = [.. palette],
            YAxisToStringFunc = v => _unit == RateUnit.Packets ? RateFormat.Pps((long)v) : RateFormat.Bps((long)v),
            YAxisTitle = UnitLabel(_unit),
            XAxisTitle = "Test time (min:s)",
            TimeLabelFormat = "mm:ss",
            TimeLabelSpacing = LabelSpacing(endSecond - startSecond),
            YAxisRequireZeroPoint = true,
            ShowDataMarkers = false,
            LineStrokeWidth = 2,
        };
    }

    private double Rate(ThroughputSample sample, bool rx) => (_unit, rx) switch
    {
        (RateUnit.Packets, true) => sample.RxPps,
        (RateUnit.Packets, false) => sample.TxPps,
        (_, true) => sample.RxBps,
        (_, false) => sample.TxBps,
    };

    /// <summary>The port's full rate in the shown unit, derived from Tx and its share of the link.</summary>
    private double? LineRate(ThroughputSample sample) =>
        sample.LineRatePercent is double percent and > 0 ? Rate(sample, rx: false) * 100 / percent : null;

    private static TimeSpan LabelSpacing(long seconds) => seconds switch
    {
        <= 60 => TimeSpan.FromSeconds(10),
        <= 300 => TimeSpan.FromSeconds(30),
        <= 900 => TimeSpan.FromMinutes(2),
        _ => TimeSpan.FromMinutes(10),
    };

    private static ChartSeries<double> Line(string name, IEnumerable<TimeValue<double>> values) =>
        new() { Name = name, Data = values.ToList() };
}

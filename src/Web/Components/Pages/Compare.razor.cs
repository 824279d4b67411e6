using System.Globalization;
using Microsoft.AspNetCore.Components;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Web.Live;

namespace VirtSriov.Web.Components.Pages;

/// <summary>
/// Two runs picked in History side by side: the settings and plan parts that differ (VF count, MACs, domain XML,
/// manifests as diffs), each step's outcome and time, peak/mean Rx and loss, and both throughputs on one time axis.
/// </summary>
public sealed partial class Compare
{
    private RunComparison? _comparison;
    private IReadOnlyList<ThroughputPoint> _pointsA = [];
    private IReadOnlyList<ThroughputPoint> _pointsB = [];
    private RunThroughput? _resultA;
    private RunThroughput? _resultB;
    private string? _problem;

    [Inject]
    public required IRunStore Runs { get; init; }

    [Inject]
    public required IRunEventStore Events { get; init; }

    [Inject]
    public required LabBanner Banner { get; init; }

    /// <summary>The first run (shown as A).</summary>
    [SupplyParameterFromQuery(Name = "a")]
    public Guid? A { get; set; }

    /// <summary>The second run (shown as B).</summary>
    [SupplyParameterFromQuery(Name = "b")]
    public Guid? B { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        Banner.Clear();
        _comparison = null;
        var a = A is { } idA ? await Runs.GetAsync(idA, PageClosed) : null;
        var b = B is { } idB ? await Runs.GetAsync(idB, PageClosed) : null;
        if (a is null || b is null)
        {
            _problem = "Pick two runs to compare in History (tick two rows, then Compare); this link does not name two existing runs.";
            return;
        }

        _problem = null;
        _pointsA = await ThroughputAsync(a.Id);
        _pointsB = await ThroughputAsync(b.Id);
        _resultA = RunThroughput.Of(PortTotals.Of(_pointsA));
        _resultB = RunThroughput.Of(PortTotals.Of(_pointsB));
        _comparison = RunComparison.Of(a, b);
    }

    private async Task<IReadOnlyList<ThroughputPoint>> ThroughputAsync(Guid runId)
    {
        var live = new RunLiveState(maxThroughputPoints: 7200);
        await live.LoadAsync(Events, runId, PageClosed);
        return live.Throughput;
    }

    private static string Results(RunThroughput? result) =>
        result is null ? "no DPDK test samples" : $"peak Rx {Pps(result.PeakRxPps)}, loss {Loss(result)}";

    private static string Pps(long? pps) => pps is { } value ? Controls.RateFormat.Pps(value) : "–";

    private static string Loss(RunThroughput? result) =>
        result?.LossPercent is { } loss ? loss.ToString("0.###", CultureInfo.InvariantCulture) + " %" : "–";

    private static string Duration(TimeSpan? duration) =>
        duration is { } d ? d.ToString(d.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture) : "";
}

using Bunit;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Controls;

public sealed class ThroughputChartTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Render_TwoPortsOverThreeSeconds_DrawsRxAndTxLinePerPortWithOnePointPerSecond()
    {
        await using var context = new DashboardContext();
        List<ThroughputPoint> points = [];
        for (var second = 0; second < 3; second++)
        {
            points.Add(Point(points.Count + 1, second, port: 0, rxPps: 1_000 * (second + 1)));
            points.Add(Point(points.Count + 1, second, port: 1, rxPps: 500));
        }

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points));

        Assert.Equal(4, chart.FindAll("polyline").Count);
        Assert.Equal(3, chart.Find("polyline[data-port='0'][data-direction='rx']").GetAttribute("points")!.Split(' ').Length);
        Assert.Equal(3, chart.Find("polyline[data-port='1'][data-direction='tx']").GetAttribute("points")!.Split(' ').Length);
        Assert.Contains("Rx 3 kpps", chart.Find("[data-port-current='0']").TextContent);
    }

    [Fact]
    public async Task Render_SeveralSamplesInOneSecond_KeepsTheLatestOnly()
    {
        await using var context = new DashboardContext();
        List<ThroughputPoint> points = [Point(1, 0, 0, 100), Point(2, 0, 0, 900)];

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points));

        Assert.Single(chart.Find("polyline[data-port='0'][data-direction='rx']").GetAttribute("points")!.Split(' '));
        Assert.Contains("Rx 900 pps", chart.Find("[data-port-current='0']").TextContent);
    }

    [Fact]
    public async Task Render_MorePointsThanTheWindow_ShowsOnlyTheLastWindow()
    {
        await using var context = new DashboardContext();
        List<ThroughputPoint> points = [.. Enumerable.Range(0, 10).Select(s => Point(s + 1, s, 0, 100))];

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points).Add(x => x.WindowSeconds, 4));

        Assert.Equal(4, chart.Find("polyline[data-port='0'][data-direction='rx']").GetAttribute("points")!.Split(' ').Length);
    }

    [Fact]
    public async Task Render_PacketsWithoutBytes_ShowsBitRatesNotReportedNeverZero()
    {
        await using var context = new DashboardContext();
        var noBytes = new ThroughputSample(0, 5_000, 5_000, 0, 0, 0, 0, 0, 1_000, 1_000, 0, 0);

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, [new ThroughputPoint(1, Start, noBytes)]));

        var current = chart.Find("[data-port-current='0']").TextContent;
        Assert.Contains("Rx not reported · Tx not reported", current);
        Assert.DoesNotContain("0 bit/s", current);
    }

    [Fact]
    public async Task Render_SimulatedLab_SaysNoLineRateEvenWithAPercentage()
    {
        await using var context = new DashboardContext();
        var sample = new ThroughputSample(0, 1, 1, 60, 60, 0, 0, 0, 1, 1, 480, 480) { LineRatePercent = 217.2 };

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, [new ThroughputPoint(1, Start, sample)]).Add(x => x.Simulated, true));

        var current = chart.Find("[data-port-current='0']").TextContent;
        Assert.Contains("Tx simulated, no line rate", current);
        Assert.DoesNotContain("%", current);
    }

    [Fact]
    public async Task Render_RealLab_ShowsTheLatestSamplesLineRate()
    {
        await using var context = new DashboardContext();
        var sample = new ThroughputSample(0, 1, 1, 60, 60, 0, 0, 0, 1, 1, 480, 480);
        List<ThroughputPoint> points = [new(1, Start, sample with { LineRatePercent = 40.0 }), new(2, Start.AddSeconds(1), sample with { LineRatePercent = 87.654 })];

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points));

        Assert.Contains("Tx 87.65% of line rate", chart.Find("[data-port-current='0']").TextContent);
    }

    [Fact]
    public async Task Render_TwoTestAttempts_ShowsTheLatestAndLetsTheEarlierBePicked()
    {
        await using var context = new DashboardContext();
        var first = Guid.NewGuid();
        var rerun = Guid.NewGuid();
        List<ThroughputPoint> points =
        [
            .. Enumerable.Range(0, 3).Select(s => Attempt(Point(s + 1, s, 0, 100), first)),
            Attempt(Point(4, 10, 0, 7_000), rerun),
        ];

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points));

        Assert.Single(chart.Find("polyline[data-port='0'][data-direction='rx']").GetAttribute("points")!.Split(' '));
        Assert.Contains("Rx 7 kpps", chart.Find("[data-port-current='0']").TextContent);
        Assert.Equal("true", chart.Find("[data-attempt='2']").GetAttribute("aria-pressed"));
        Assert.Contains("(latest)", chart.Find("[data-attempt='2']").TextContent);

        chart.Find("[data-attempt='1']").Click();

        Assert.Equal(3, chart.Find("polyline[data-port='0'][data-direction='rx']").GetAttribute("points")!.Split(' ').Length);
        Assert.Contains("Rx 100 pps", chart.Find("[data-port-current='0']").TextContent);
        Assert.Equal("true", chart.Find("[data-attempt='1']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task Render_OneTestAttempt_ShowsNoAttemptSelector()
    {
        await using var context = new DashboardContext();

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, [Point(1, 0, 0, 100)]));

        Assert.Empty(chart.FindAll("[data-testid='test-attempts']"));
    }

    private static ThroughputPoint Attempt(ThroughputPoint point, Guid attempt) =>
        point with { Sample = point.Sample with { TestAttempt = attempt } };

    private static ThroughputPoint Point(long sequence, int second, int port, long rxPps) =>
        new(sequence, Start.AddSeconds(second).AddMilliseconds(sequence), new ThroughputSample(port, 0, 0, 0, 0, 0, 0, 0, rxPps, rxPps / 2, rxPps * 8 * 64, rxPps * 4 * 64));
}

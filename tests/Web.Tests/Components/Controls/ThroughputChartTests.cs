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

    private static ThroughputPoint Point(long sequence, int second, int port, long rxPps) =>
        new(sequence, Start.AddSeconds(second).AddMilliseconds(sequence), new ThroughputSample(port, 0, 0, 0, 0, 0, 0, 0, rxPps, rxPps / 2, rxPps * 8 * 64, rxPps * 4 * 64));
}

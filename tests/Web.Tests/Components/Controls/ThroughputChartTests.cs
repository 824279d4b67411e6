using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Web.Components.Controls;
using VirtSriov.Web.Tests.Fakes;

namespace VirtSriov.Web.Tests.Components.Controls;

public sealed class ThroughputChartTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Render_TwoPortsOverThreeSeconds_DrawsRxAndTxSeriesPerPortWithOnePointPerSecond()
    {
        await using var context = new DashboardContext();
        List<ThroughputPoint> points = [];
        for (var second = 0; second < 3; second++)
        {
            points.Add(Point(points.Count + 1, second, port: 0, rxPps: 1_000 * (second + 1)));
            points.Add(Point(points.Count + 1, second, port: 1, rxPps: 500));
        }

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points));

        Assert.Equal(["Port 0 Rx", "Port 0 Tx", "Port 1 Rx", "Port 1 Tx"], chart.Instance.Series.Select(s => s.Name));
        Assert.Equal([1_000d, 2_000d, 3_000d], Values(chart, "Port 0 Rx"));
        Assert.Equal([250d, 250d, 250d], Values(chart, "Port 1 Tx"));
        Assert.Contains("Rx 3 kpps", chart.Find("[data-port-current='0']").TextContent);
    }

    [Fact]
    public async Task Render_SeveralSamplesInOneSecond_KeepsTheLatestOnly()
    {
        await using var context = new DashboardContext();
        List<ThroughputPoint> points = [Point(1, 0, 0, 100), Point(2, 0, 0, 900)];

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points));

        Assert.Equal([900d], Values(chart, "Port 0 Rx"));
        Assert.Contains("Rx 900 pps", chart.Find("[data-port-current='0']").TextContent);
    }

    [Fact]
    public async Task Render_ALongTest_ShowsTheWholeTestOnAnElapsedTimeAxis()
    {
        await using var context = new DashboardContext();
        List<ThroughputPoint> points = [.. Enumerable.Range(0, 600).Select(s => Point(s + 1, s, 0, 100))];

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points));

        var rx = chart.Instance.Series.Single(s => s.Name == "Port 0 Rx").Data.Points;
        Assert.Equal(600, rx.Count);
        Assert.Equal(DateTime.UnixEpoch, Assert.IsType<DateTime>(rx[0].X));
        Assert.Equal(DateTime.UnixEpoch.AddSeconds(599), Assert.IsType<DateTime>(rx[^1].X));
    }

    [Fact]
    public async Task Render_BitsPerSecondPicked_PlotsBitRates()
    {
        await using var context = new DashboardContext();
        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, [Point(1, 0, 0, 1_000)]));

        chart.Find("[data-unit='Bits']").Click();

        Assert.Equal([1_000d * 8 * 64], Values(chart, "Port 0 Rx"));
        Assert.Equal("true", chart.Find("[data-unit='Bits']").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task Render_BitsPerSecondWithoutCountedBytes_SaysNotReportedInsteadOfAZeroLine()
    {
        await using var context = new DashboardContext();
        var noBytes = new ThroughputSample(0, 5_000, 5_000, 0, 0, 0, 0, 0, 1_000, 1_000, 0, 0);
        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, [new ThroughputPoint(1, Start, noBytes)]));

        chart.Find("[data-unit='Bits']").Click();

        Assert.Empty(chart.Instance.Series);
        Assert.Contains("Bit rates not reported", chart.Markup);
    }

    [Fact]
    public async Task Render_RealLabWithKnownLineRate_DrawsAFlatReferenceAcrossTheTest()
    {
        await using var context = new DashboardContext();
        var sample = new ThroughputSample(0, 1, 1, 60, 60, 0, 0, 0, 1_000, 2_000, 480, 480) { LineRatePercent = 40 };
        List<ThroughputPoint> points = [new(1, Start, sample), new(2, Start.AddSeconds(5), sample)];

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points));

        Assert.Equal([5_000d, 5_000d], Values(chart, "Port 0 line rate"));
    }

    [Fact]
    public async Task Render_SimulatedLab_DrawsNoLineRateReference()
    {
        await using var context = new DashboardContext();
        var sample = new ThroughputSample(0, 1, 1, 60, 60, 0, 0, 0, 1, 1, 480, 480) { LineRatePercent = 217.2 };

        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, [new ThroughputPoint(1, Start, sample)]).Add(x => x.Simulated, true));

        Assert.DoesNotContain(chart.Instance.Series, s => s.Name.Contains("line rate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_NewSamplesWithinTheRedrawInterval_DrawOnceTheIntervalHasPassed()
    {
        var time = new FakeTimeProvider(Start);
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton<TimeProvider>(time);
        List<ThroughputPoint> points = [Point(1, 0, 0, 100)];
        var chart = context.Render<ThroughputChart>(p => p.Add(x => x.Points, points));
        time.Advance(ThroughputChart.RedrawInterval);

        chart.Render(p => p.Add(x => x.Points, [.. points, Point(2, 1, 0, 200)]));
        chart.Render(p => p.Add(x => x.Points, [.. points, Point(2, 1, 0, 200), Point(3, 2, 0, 300)]));

        Assert.Equal([100d, 200d], Values(chart, "Port 0 Rx"));
        time.Advance(ThroughputChart.RedrawInterval);
        chart.WaitForAssertion(() => Assert.Equal([100d, 200d, 300d], Values(chart, "Port 0 Rx")), TimeSpan.FromSeconds(5));
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

        Assert.Equal([7_000d], Values(chart, "Port 0 Rx"));
        Assert.Contains("Rx 7 kpps", chart.Find("[data-port-current='0']").TextContent);
        Assert.Equal("true", chart.Find("[data-attempt='2']").GetAttribute("aria-pressed"));
        Assert.Contains("(latest)", chart.Find("[data-attempt='2']").TextContent);

        chart.Find("[data-attempt='1']").Click();

        Assert.Equal([100d, 100d, 100d], Values(chart, "Port 0 Rx"));
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

    private static double[] Values(IRenderedComponent<ThroughputChart> chart, string series) =>
        [.. chart.Instance.Series.Single(s => s.Name == series).Data.Points.Select(p => (double)p.Y)];

    private static ThroughputPoint Attempt(ThroughputPoint point, Guid attempt) =>
        point with { Sample = point.Sample with { TestAttempt = attempt } };

    private static ThroughputPoint Point(long sequence, int second, int port, long rxPps) =>
        new(sequence, Start.AddSeconds(second).AddMilliseconds(sequence), new ThroughputSample(port, 0, 0, 0, 0, 0, 0, 0, rxPps, rxPps / 2, rxPps * 8 * 64, rxPps * 4 * 64));
}

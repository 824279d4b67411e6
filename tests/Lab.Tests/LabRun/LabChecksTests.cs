using VirtSriov.Cli.LabRun;
using VirtSriov.Core.Host;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.TestDoubles;

namespace VirtSriov.Lab.Tests.LabRun;

public sealed class LabChecksTests
{
    [Fact]
    public void Evaluate_EverythingShown_AllPass()
    {
        // Arrange
        var result = Result(Port(0, rxPps: 250_000), Port(1, rxPps: 240_000));

        // Act
        var checks = LabChecks.Evaluate(result);

        // Assert
        Assert.Equal(["iommu.enabled", "pf.sriov", "vfs.created", "vfs.vfio", "vfs.settings", "testpmd.unprivileged", "testpmd.iova-va", "testpmd.forwarded"], checks.Select(c => c.Id));
        Assert.All(checks, c => Assert.True(c.Passed, c.Id));
    }

    [Fact]
    public void Evaluate_OnePortReceivedNothing_ForwardedFails()
    {
        // Arrange
        var result = Result(Port(0, rxPps: 250_000), Port(1, rxPps: 0));

        // Act
        var checks = LabChecks.Evaluate(result);

        // Assert
        Assert.False(checks.Single(c => c.Id == "testpmd.forwarded").Passed);
        Assert.True(checks.Single(c => c.Id == "vfs.vfio").Passed);
    }

    [Fact]
    public void Evaluate_TestpmdRanAsRoot_UnprivilegedFails()
    {
        // Arrange
        var result = Result(Port(0, rxPps: 1), Port(1, rxPps: 1));
        result = result with { Testpmd = result.Testpmd! with { Uid = 0 } };

        // Act
        var checks = LabChecks.Evaluate(result);

        // Assert
        Assert.False(checks.Single(c => c.Id == "testpmd.unprivileged").Passed);
    }

    [Fact]
    public void Evaluate_VfWithoutMacFromThePf_SettingsFails()
    {
        // Arrange
        var result = Result(Port(0, rxPps: 1), Port(1, rxPps: 1));
        result = result with { Vfs = [result.Vfs[0], result.Vfs[1] with { Mac = "00:00:00:00:00:00" }] };

        // Act
        var checks = LabChecks.Evaluate(result);

        // Assert
        var settings = checks.Single(c => c.Id == "vfs.settings");
        Assert.False(settings.Passed);
        Assert.Contains("vf 1 mac 00:00:00:00:00:00", settings.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluate_RealCaptureWithFinalBlocks_ReportsTheFinalTotalsLossAndLinkSpeed()
    {
        // Arrange: real dpdk-testpmd output (two ports in mac forwarding, --tx-first, SIGINT) read as lab-run reads it.
        var log = new VirtSriov.Cli.LabRun.RecordingStepLog(TimeProvider.System, TextWriter.Null);
        var lines = File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Testpmd", "Data", "testpmd-null-mac-final.txt")).ToAsyncEnumerable();
        var summary = await TestpmdLogReader.ReadAsync(lines, log, NonRootTestpmd.ReadOptions(), TestContext.Current.CancellationToken);
        var result = Result() with { Testpmd = new LabTestpmdResult(["prlimit"], 65534, "VA", summary, log.Samples, 0, []) };

        // Act
        var forwarded = LabChecks.Evaluate(result).Single(c => c.Id == "testpmd.forwarded");

        // Assert: the capture's accumulated forward statistics, not its last periodic block.
        Assert.True(forwarded.Passed, forwarded.Observed);
        Assert.Contains("sent 79,982,592, received 79,982,528, lost 64 packets", forwarded.Observed, StringComparison.Ordinal);
        Assert.Contains("testpmd's final forward statistics", forwarded.Observed, StringComparison.Ordinal);
        Assert.Contains("of the 10000 Mb/s link for 64-byte packets", forwarded.Observed, StringComparison.Ordinal);
        Assert.All(log.Samples, s => Assert.NotNull(s.LineRatePercent));
    }

    private static TestpmdPortSummary Port(int port, long rxPps) => new(port, 5, rxPps * 5, 1000, rxPps, 1000);

    private static LabRunResult Result(params TestpmdPortSummary[] ports) =>
        new()
        {
            Options = new LabRunOptions(LabRunOptions.AutoPf, 2, 2, 10, LabRunOptions.NobodyUid, "result.json"),
            StartedAt = DateTimeOffset.UnixEpoch,
            Preflight = new PreflightReport(DateTimeOffset.UnixEpoch, false, [new StepFinding("iommu.enabled", FindingSeverity.Ok, "IOMMU", "dmar0")]),
            Pf = new PhysicalFunctionInfo("0000:00:04.0", "8086", "10c9", "igb", 7, 2, 128, 2, "10ca", false, "eth0", true, "up", 1000, null, 4),
            Vfs = [new(0, "0000:00:14.0", "10ca", "vfio-pci", 6, "02:76:73:00:20:00", true, false), new(1, "0000:00:14.2", "10ca", "vfio-pci", 7, "02:76:73:00:20:01", true, false)],
            Testpmd = new LabTestpmdResult(["prlimit"], 65534, "VA", new TestpmdSummary(ports, ports.Length * 5, []), [], 0, []),
        };
}

using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Host;

/// <summary>The host kernel log read around the DPDK test: only what it logged meanwhile is named, in the outcome or the error.</summary>
public sealed class KernelLogWatchTests : IDisposable
{
    private const string OldResetLine = "[    1.000000] igbvf 0000:3b:02.7: PF still in reset state. Is the PF interface up?";
    private const string DmarLine = "[  120.500000] DMAR: [DMA Read NO_PASID] Request device [3b:02.1] fault addr 0x7f3a000 [fault reason 0x06] PTE Read access is not set";
    private const string VfioLine = "[  121.000000] vfio-pci 0000:3b:02.1: vfio_bar_restore: reset recovery - restoring BARs failed";

    private readonly HostTestTree tree = new();
    private readonly RecordingStepLog log = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DuringAsync_DmarFaultDuringTheTest_NamedInTheOutcomeButNotTheOlderLines()
    {
        var context = Context();

        var outcome = await KernelLogWatch.DuringAsync(context, () => { Kmsg(DmarLine); return Task.FromResult(new StepOutcome(true, "Forwarded.")); }, Token);

        Assert.StartsWith("Forwarded. Host kernel log meanwhile: the IOMMU blocked a device's DMA (DMAR fault)", outcome.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("re-initialised", outcome.Summary, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Level == RunLogLevel.Warning && l.Text.Contains("fault addr 0x7f3a000", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DuringAsync_TestFailsWhileVfioLogsAnError_TheErrorNamesItAndKeepsItsFix()
    {
        var context = Context();

        var error = await Assert.ThrowsAsync<ActionableException>(() => KernelLogWatch.DuringAsync(
            context,
            () => { Kmsg(VfioLine); throw new ActionableException("testpmd sent no packets.", "Check the EAL lines.", "pod t/p"); },
            Token));

        Assert.Equal("testpmd sent no packets. Host kernel log meanwhile: vfio reported an error (lines and fixes in the step log).", error.Message);
        Assert.Equal("Check the EAL lines.", error.Fix);
        Assert.Equal("pod t/p", error.FailedCall);
    }

    [Fact]
    public async Task DuringAsync_NothingNewInTheLog_OutcomeUnchanged()
    {
        var outcome = await KernelLogWatch.DuringAsync(Context(), () => Task.FromResult(new StepOutcome(true, "Forwarded.")), Token);

        Assert.Equal("Forwarded.", outcome.Summary);
    }

    public void Dispose() => tree.Dispose();

    private StepContext Context()
    {
        Kmsg(OldResetLine);
        return new FakeLab(tree.Sysfs, processes: FakeLab.SimulatedIp(tree.Sysfs)).Context(log);
    }

    private void Kmsg(string line) => File.AppendAllText(tree.Full("/dev/kmsg"), line + "\n");
}

using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Host;

/// <summary>EBUSY on sriov_numvfs is named from evidence: the count already set, the domains, the processes holding /dev/vfio.</summary>
public sealed class VfBusyExplainerTests : IDisposable
{
    private const string Pf = SimulatedLabWorld.DefaultPfAddress;

    private static readonly string NumVfs = $"{SysfsPaths.PciDevices}/{Pf}/sriov_numvfs";

    private static readonly VirtualFunctionInfo Vf1 = new(1, "0000:3b:02.1", "8086", "154c", "vfio-pci", 42);

    private readonly HostTestTree tree = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Explain_NonZeroCountOverNonZero_SaysTheCountIsAlreadySet()
    {
        tree.Sysfs.WriteText(NumVfs, "4");

        var error = await ExplainAsync("2");

        Assert.Contains("4 VFs are already enabled", error.Message, StringComparison.Ordinal);
        Assert.Contains($"echo 0 > {NumVfs}", error.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_ProcessHoldsTheVfioGroup_NamesTheProcessAndItsPid()
    {
        Directory.CreateDirectory(tree.Full("/proc/4242/fd"));
        File.CreateSymbolicLink(tree.Full("/proc/4242/fd/7"), "/dev/vfio/42");
        File.CreateSymbolicLink(tree.Full("/proc/4242/fd/1"), "/dev/pts/0");
        File.WriteAllText(tree.Full("/proc/4242/comm"), "dpdk-testpmd\n");

        var error = await ExplainAsync("0");

        Assert.Contains("dpdk-testpmd (pid 4242) holds /dev/vfio/42 of VF 0000:3b:02.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("kill 4242", error.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("domain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_NoHolderFound_SaysSoInsteadOfGuessing()
    {
        var error = await ExplainAsync("0");

        Assert.Contains("no running domain or process was found", error.Message, StringComparison.Ordinal);
        Assert.Contains("dmesg", error.Fix, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();

    private Task<ActionableException> ExplainAsync(string value)
    {
        var context = new FakeLab(tree.Sysfs).Context(new RecordingStepLog());
        var busy = new SysfsWriteException(NumVfs, value, "EBUSY", "Device or resource busy");
        return VfBusyExplainer.ExplainAsync(context, Pf, [Vf1], busy, Token);
    }
}

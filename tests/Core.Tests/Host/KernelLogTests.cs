using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Host;

/// <summary>The host kernel log read during the Virtual functions step, its known problems named with their fix.</summary>
public sealed class KernelLogTests : IDisposable
{
    private const string ResetLine = "[   14.211021] igbvf 0000:3b:02.0: PF still in reset state. Is the PF interface up?";

    private readonly HostTestTree tree = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ResetLine, "PF re-initialised")]
    [InlineData("[   14.220000] igbvf 0000:3b:02.0: Assigning random MAC address.", "random MAC")]
    [InlineData("[   20.100000] DMAR: DRHD: handling fault status reg 2", "DMAR fault")]
    [InlineData("[   31.000000] vfio-pci 0000:3b:02.1: vfio_ecap_init: hiding ecap 0x19@0x1d0 failed", "vfio")]
    public void Name_KnownLine_NamesItsCause(string line, string cause)
    {
        var named = Assert.Single(KernelLogCauses.Name(["[    0.000000] Linux version 6.1.0-28-amd64", line]));

        Assert.Contains(cause, named.Cause, StringComparison.Ordinal);
        Assert.Equal(line, named.Line);
    }

    [Fact]
    public void Since_RingBufferGrew_ReturnsOnlyTheNewLines() =>
        Assert.Equal(["c"], KernelLog.Since(["a", "b"], ["a", "b", "c"]));

    [Fact]
    public async Task VirtualFunctionsApply_KernelLogsResetDuringTheStep_WarnsWithTheCauseAndNotOldLines()
    {
        File.WriteAllText(tree.Full("/dev/kmsg"), "[    1.000000] igbvf 0000:3b:02.7: PF still in reset state. Is the PF interface up?\n");
        var sysfs = new KernelLoggingSysfs(tree, ResetLine);
        var log = new RecordingStepLog();
        var context = new FakeLab(sysfs, processes: FakeLab.SimulatedIp(tree.Sysfs)).Context(log, new RunSettings { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfCount = 4, PersistAcrossReboot = false });
        var step = new VirtualFunctionsStep();

        await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);

        var warning = Assert.Single(log.Lines, l => l.Level == RunLogLevel.Warning && l.Text.StartsWith("Kernel log:", StringComparison.Ordinal));
        Assert.Contains("0000:3b:02.0: PF still in reset state", warning.Text, StringComparison.Ordinal);
        Assert.Contains("sriov_drivers_autoprobe", warning.Text, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();

    /// <summary>The simulated tree whose kernel logs <paramref name="line"/> when sriov_numvfs gets a non-zero count.</summary>
    private sealed class KernelLoggingSysfs(HostTestTree tree, string line) : ISysfs
    {
        public bool IsSimulated => true;

        public bool Exists(string path) => tree.Sysfs.Exists(path);

        public string ReadText(string path) => tree.Sysfs.ReadText(path);

        public IReadOnlyList<string> List(string directory) => tree.Sysfs.List(directory);

        public string? ReadLink(string path) => tree.Sysfs.ReadLink(path);

        public void WriteText(string path, string value)
        {
            tree.Sysfs.WriteText(path, value);
            if (path.EndsWith("/sriov_numvfs", StringComparison.Ordinal) && value != "0")
            {
                File.AppendAllText(tree.Full("/dev/kmsg"), line + "\n");
            }
        }
    }
}

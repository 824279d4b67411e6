using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

public sealed class VirtualFunctionsTeardownTests : IDisposable
{
    private const string Pf = "/sys/bus/pci/devices/0000:3b:00.0";
    private readonly HostTestTree tree = new();
    private readonly RecordingStepLog log = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TeardownAsync_AfterApply_UnbindsClearsOverridesRemovesVfsAndTurnsAutoprobeOn()
    {
        await ApplyAsync(vfCount: 2);
        var commandsBefore = log.Commands.Count;

        var outcome = await new VirtualFunctionsTeardown(Context(tree.Sysfs)).TeardownAsync(Token);

        Assert.True(outcome.Changed);
        Assert.Equal(
            [
                "write /sys/bus/pci/drivers/vfio-pci/unbind 0000:3b:02.0",
                "write /sys/bus/pci/devices/0000:3b:02.0/driver_override ''",
                "write /sys/bus/pci/drivers/vfio-pci/unbind 0000:3b:02.1",
                "write /sys/bus/pci/devices/0000:3b:02.1/driver_override ''",
                $"write {Pf}/sriov_numvfs 0",
                $"write {Pf}/sriov_drivers_autoprobe 1",
            ],
            log.Commands.Skip(commandsBefore));
        Assert.Equal(("0\n", "1\n"), (tree.Sysfs.ReadText($"{Pf}/sriov_numvfs"), tree.Sysfs.ReadText($"{Pf}/sriov_drivers_autoprobe")));
        Assert.Equal(["vfio"], tree.Sysfs.List("/dev/vfio"));
    }

    [Fact]
    public async Task TeardownAsync_SecondTime_ChangesNothing()
    {
        await ApplyAsync(vfCount: 2);
        await new VirtualFunctionsTeardown(Context(tree.Sysfs)).TeardownAsync(Token);
        var recording = new HostTestFailingSysfs(tree.Sysfs, (_, _) => false, "EIO");

        var outcome = await new VirtualFunctionsTeardown(Context(recording)).TeardownAsync(Token);

        Assert.False(outcome.Changed);
        Assert.Contains("nothing to undo", outcome.Summary, StringComparison.Ordinal);
        Assert.Empty(recording.Writes);
    }

    [Fact]
    public async Task TeardownAsync_VfHeldByARunningDomain_IsRefusedBeforeAnyChange()
    {
        await ApplyAsync(vfCount: 2);
        var hypervisor = FakeHypervisor.Running(new Dictionary<string, string>
        {
            ["virtsriov-worker-0"] = "<domain><devices><hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x3b' slot='0x02' function='0x0'/></source></hostdev></devices></domain>",
        });
        var recording = new HostTestFailingSysfs(tree.Sysfs, (_, _) => false, "EIO");
        var context = new FakeLab(recording, hypervisor).Context(log, Settings(2));

        var error = await Assert.ThrowsAsync<ActionableException>(() => new VirtualFunctionsTeardown(context).TeardownAsync(Token));

        Assert.Contains("virtsriov-worker-0 (0000:3b:02.0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("EBUSY", error.Message, StringComparison.Ordinal);
        Assert.Contains("virsh shutdown virtsriov-worker-0", error.Fix, StringComparison.Ordinal);
        Assert.Empty(recording.Writes);
    }

    [Fact]
    public async Task TeardownAsync_KernelRefusesTheCountWithEbusy_ExplainsAndRebindsTheVfs()
    {
        await ApplyAsync(vfCount: 2);
        var busy = new HostTestFailingSysfs(tree.Sysfs, (path, value) => path.EndsWith("/sriov_numvfs", StringComparison.Ordinal) && value == "0", "EBUSY");

        var error = await Assert.ThrowsAsync<ActionableException>(() => new VirtualFunctionsTeardown(Context(busy)).TeardownAsync(Token));

        Assert.Contains("(EBUSY)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Rolled back to the state found", error.Message, StringComparison.Ordinal);
        Assert.Equal($"write {Pf}/sriov_numvfs 0", error.FailedCall);
        var vfs = SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0");
        Assert.Equal(2, vfs.Count);
        Assert.All(vfs, vf => Assert.Equal("vfio-pci", vf.Driver));
        Assert.All(vfs, vf => Assert.True(tree.Sysfs.Exists($"/dev/vfio/{vf.IommuGroup}")));
    }

    [Fact]
    public async Task TeardownAsync_WithoutPermission_SaysRunAsRootAndRollsBack()
    {
        await ApplyAsync(vfCount: 2);
        var denied = new HostTestFailingSysfs(tree.Sysfs, (path, _) => path.EndsWith("/sriov_drivers_autoprobe", StringComparison.Ordinal), "EACCES");

        var error = await Assert.ThrowsAsync<ActionableException>(() => new VirtualFunctionsTeardown(Context(denied)).TeardownAsync(Token));

        Assert.StartsWith("Run the dashboard as root, or grant", error.Fix, StringComparison.Ordinal);
        Assert.Contains("sriov_numvfs restored to 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(["vfio-pci", "vfio-pci"], SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0").Select(vf => vf.Driver));
        Assert.Equal("0\n", tree.Sysfs.ReadText($"{Pf}/sriov_drivers_autoprobe"));
    }

    [Fact]
    public async Task TeardownAsync_ThroughTheStepAsTheEngineCallsIt_RemovesTheVfs()
    {
        await ApplyAsync(vfCount: 3);
        var teardown = Assert.IsAssignableFrom<IStepTeardown>(new VirtualFunctionsStep());

        var outcome = await teardown.TeardownAsync(Context(tree.Sysfs), Token);

        Assert.True(outcome.Changed);
        Assert.Contains("Removed the 3 VFs of 0000:3b:00.0", outcome.Summary, StringComparison.Ordinal);
        Assert.Empty(SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0"));
    }

    [Fact]
    public async Task TeardownAsync_NonSriovPf_IsRefusedOnPfAddress()
    {
        var context = new FakeLab(tree.Sysfs).Context(log, new RunSettings { PfAddress = "0000:01:00.0" });

        var error = await Assert.ThrowsAsync<ActionableException>(() => new VirtualFunctionsTeardown(context).TeardownAsync(Token));

        Assert.Equal(nameof(RunSettings.PfAddress), error.Field);
    }

    public void Dispose() => tree.Dispose();

    private static RunSettings Settings(int vfCount) =>
        new() { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfCount = vfCount, VfsPerWorker = 1 };

    private StepContext Context(ISysfs sysfs) =>
        new FakeLab(sysfs, processes: FakeLab.SimulatedIp(tree.Sysfs)).Context(log, Settings(2));

    private async Task ApplyAsync(int vfCount)
    {
        var step = new VirtualFunctionsStep();
        var context = Context(tree.Sysfs) with { Settings = Settings(vfCount) };
        await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);
    }
}

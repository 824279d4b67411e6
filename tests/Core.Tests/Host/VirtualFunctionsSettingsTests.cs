using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

/// <summary>The Virtual functions step's VF settings on the PF (MAC, trust, spoof checking, VLAN), on the simulated tree and ip.</summary>
public sealed class VirtualFunctionsSettingsTests : IDisposable
{
    private const string Pf = "/sys/bus/pci/devices/0000:3b:00.0";
    private readonly HostTestTree tree = new();
    private readonly RecordingStepLog log = new();
    private readonly VirtualFunctionsStep step = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApplyAsync_WithVlan_SetsEverySettingBeforeBindingAndReadsItBack()
    {
        var context = Context(Settings(vfCount: 2) with { VfVlan = 100, VfSpoofCheck = true, VfTrust = false });

        var outcome = await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);

        Assert.Equal(
            [new VfLinkAttributes(0, "02:76:73:3b:00:00", 100, true, false, "auto"), new VfLinkAttributes(1, "02:76:73:3b:00:01", 100, true, false, "auto")],
            await ShowAsync());
        var commands = log.Commands.ToList();
        Assert.True(
            commands.FindLastIndex(c => c.StartsWith("ip link set", StringComparison.Ordinal)) < commands.FindIndex(c => c.Contains("driver_override", StringComparison.Ordinal)),
            string.Join('\n', commands));
        Assert.Contains("mac 02:76:73:3b:00:01, vlan 100, spoofchk on, trust off", outcome.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_FourFreshVfs_ReadsTheVfLinesOnceAndSetsAndVerifiesThemAllInOneIpProcess()
    {
        var ip = new HostTestFailingProcesses(FakeLab.SimulatedIp(tree.Sysfs), _ => false, 0, "");
        var context = Context(Settings(vfCount: 4), processes: ip);

        await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);

        var ipRuns = ip.Calls.Where(c => c.StartsWith("ip ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, ipRuns.Count);
        Assert.Equal("ip link show dev ens1f0", ipRuns[0]);
        Assert.Equal("ip -batch - <<< " + string.Concat(Enumerable.Range(0, 4).Select(i => $"link set dev ens1f0 vf {i} mac 02:76:73:3b:00:0{i} spoofchk off trust on;")) + "link show dev ens1f0;", ipRuns[1]);
        Assert.Equal(4, log.Commands.Count(c => c.StartsWith("ip link set dev ens1f0 vf ", StringComparison.Ordinal)));
        Assert.Equal(4, (await ShowAsync()).Count(vf => vf.Trust == true && vf.SpoofCheck == false));
    }

    [Fact]
    public async Task ApplyAsync_OnlySettingsDiffer_SetsOnlyTheDifferencesAndKeepsTheVfs()
    {
        var first = Context(Settings(vfCount: 2));
        await step.ApplyAsync(first, await step.PlanAsync(first, Token), Token);
        var before = SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0");
        var commandsBefore = log.Commands.Count;
        var recording = new HostTestFailingSysfs(tree.Sysfs, (_, _) => false, "EIO");
        var second = Context(Settings(vfCount: 2) with { VfVlan = 7 }, recording);
        var plan = await step.PlanAsync(second, Token);

        await step.ApplyAsync(second, plan, Token);

        Assert.Contains("their MAC, trust, spoof checking or VLAN change", plan.Summary, StringComparison.Ordinal);
        Assert.Equal(["ip link set dev ens1f0 vf 0", "ip link set dev ens1f0 vf 1"], plan.Changes.Select(c => c.Target).Where(t => t.StartsWith("ip ", StringComparison.Ordinal)));
        Assert.Contains(VfPersistenceFiles.ConfigPath, plan.Changes.Select(c => c.Target)); // the boot unit replays the new settings
        Assert.Equal(["ip link set dev ens1f0 vf 0 vlan 7", "ip link set dev ens1f0 vf 1 vlan 7"], log.Commands.Skip(commandsBefore).Where(c => c.StartsWith("ip ", StringComparison.Ordinal)));
        Assert.Empty(recording.Writes);
        Assert.Equal(before, SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0"));
    }

    [Fact]
    public async Task ApplyAsync_SecondTime_RunsNoIpSetCommand()
    {
        var first = Context(Settings(vfCount: 3, vfsPerWorker: 1));
        await step.ApplyAsync(first, await step.PlanAsync(first, Token), Token);
        var commandsAfterFirst = log.Commands.Count;
        var second = Context(Settings(vfCount: 3, vfsPerWorker: 1));
        var plan = await step.PlanAsync(second, Token);

        var outcome = await step.ApplyAsync(second, plan, Token);

        Assert.True(plan.NothingToDo);
        Assert.False(outcome.Changed);
        Assert.Equal(commandsAfterFirst, log.Commands.Count);
    }

    [Fact]
    public async Task ApplyAsync_IpRefusesTheSecondVfOnFreshVfs_RollsBackToNoVfs()
    {
        var ip = new HostTestFailingProcesses(FakeLab.SimulatedIp(tree.Sysfs), args => string.Join(' ', args).Contains(" vf 1 ", StringComparison.Ordinal), 2, "RTNETLINK answers: Invalid argument\n");
        var context = Context(Settings(vfCount: 2), processes: ip);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Equal(nameof(RunSettings.VfMacPrefix), error.Field);
        Assert.StartsWith("ip link set dev ens1f0 vf 1 mac 02:76:73:3b:00:01", error.FailedCall, StringComparison.Ordinal);
        Assert.Contains("sriov_numvfs restored to 0", error.Message, StringComparison.Ordinal);
        Assert.Equal("0\n", tree.Sysfs.ReadText($"{Pf}/sriov_numvfs"));
        Assert.Equal("1\n", tree.Sysfs.ReadText($"{Pf}/sriov_drivers_autoprobe"));
        Assert.DoesNotContain(log.Commands, c => c.Contains("driver_override", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_IpFailsMidwayOnExistingVfs_RestoresTheSettingsFound()
    {
        var first = Context(Settings(vfCount: 2));
        await step.ApplyAsync(first, await step.PlanAsync(first, Token), Token);
        var found = await ShowAsync();
        var ip = new HostTestFailingProcesses(FakeLab.SimulatedIp(tree.Sysfs), args => string.Join(' ', args).Contains(" vf 1 vlan 9", StringComparison.Ordinal), 2, "RTNETLINK answers: Invalid argument\n");
        var context = Context(Settings(vfCount: 2) with { VfVlan = 9, VfTrust = false }, processes: ip);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("vf 0 of ens1f0 restored to mac 02:76:73:3b:00:00 vlan 0 spoofchk off trust on", error.Message, StringComparison.Ordinal);
        Assert.Equal(found, await ShowAsync());
        Assert.All(SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0"), vf => Assert.Equal("vfio-pci", vf.Driver));
    }

    [Fact]
    public async Task ApplyAsync_IpWithoutPrivilege_SaysRunAsRootOrGrantCapabilities()
    {
        var ip = new HostTestFailingProcesses(FakeLab.SimulatedIp(tree.Sysfs), args => args is ["link", "set", ..], 2, "RTNETLINK answers: Operation not permitted\n");
        var context = Context(Settings(vfCount: 1, vfsPerWorker: 1) with { Workers = ["virtsriov-worker-0"] }, processes: ip);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("EPERM", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Run the dashboard as root, or grant", error.Fix, StringComparison.Ordinal);
        Assert.Equal("0\n", tree.Sysfs.ReadText($"{Pf}/sriov_numvfs"));
    }

    [Fact]
    public async Task ApplyAsync_SysfsRefusesWithEacces_SaysRunAsRootOrGrantCapabilities()
    {
        var denied = new HostTestFailingSysfs(tree.Sysfs, (path, _) => path.EndsWith("/sriov_drivers_autoprobe", StringComparison.Ordinal), "EACCES");
        var context = Context(Settings(vfCount: 2), denied);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("EACCES", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Run the dashboard as root, or grant", error.Fix, StringComparison.Ordinal);
        Assert.Equal("0\n", tree.Sysfs.ReadText($"{Pf}/sriov_numvfs"));
    }

    [Fact]
    public async Task PlanAsync_CountChangeWhileARunningDomainHoldsAVf_IsRefusedOnVfCountBeforeAnyChange()
    {
        var setup = Context(Settings(vfCount: 2));
        await step.ApplyAsync(setup, await step.PlanAsync(setup, Token), Token);
        var hypervisor = FakeHypervisor.Running(new Dictionary<string, string>
        {
            ["virtsriov-worker-1"] = "<domain><devices><hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/></source></hostdev></devices></domain>",
        });
        var recording = new HostTestFailingSysfs(tree.Sysfs, (_, _) => false, "EIO");
        var context = new FakeLab(recording, hypervisor, FakeLab.SimulatedIp(tree.Sysfs)).Context(log, Settings(vfCount: 4));

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.PlanAsync(context, Token));

        Assert.Equal(nameof(RunSettings.VfCount), error.Field);
        Assert.Contains("virtsriov-worker-1 (0000:3b:02.1)", error.Message, StringComparison.Ordinal);
        Assert.Contains("EBUSY", error.Message, StringComparison.Ordinal);
        Assert.Contains("virsh shutdown virtsriov-worker-1", error.Fix, StringComparison.Ordinal);
        Assert.Empty(recording.Writes);
    }

    [Fact]
    public async Task PlanAsync_MulticastMacPrefix_IsRefusedOnVfMacPrefix()
    {
        var context = Context(Settings(vfCount: 2) with { VfMacPrefix = "01:00:5e" });

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.PlanAsync(context, Token));

        Assert.Equal(nameof(RunSettings.VfMacPrefix), error.Field);
        Assert.Contains("multicast", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();

    private static RunSettings Settings(int vfCount, int vfsPerWorker = 1) =>
        new() { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfCount = vfCount, VfsPerWorker = vfsPerWorker };

    private StepContext Context(RunSettings settings, ISysfs? sysfs = null, VirtSriov.Core.Processes.IProcessRunner? processes = null) =>
        new FakeLab(sysfs ?? tree.Sysfs, processes: processes ?? FakeLab.SimulatedIp(tree.Sysfs)).Context(log, settings);

    private async Task<IReadOnlyList<VfLinkAttributes>> ShowAsync()
    {
        var show = await FakeLab.SimulatedIp(tree.Sysfs).RunAsync("ip", ["link", "show", "dev", "ens1f0"], Token);
        return IpLinkVfParser.Parse(show.StandardOutput);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Host;

public sealed class VirtualFunctionsStepTests : IDisposable
{
    private const string Pf = "/sys/bus/pci/devices/0000:3b:00.0";
    private readonly HostTestTree tree = new();
    private readonly RecordingStepLog log = new();
    private readonly VirtualFunctionsStep step = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PlanAsync_FreshPf_ListsAutoprobeCountAndBindings()
    {
        var context = Context(tree.Sysfs, vfCount: 4);

        var plan = await step.PlanAsync(context, Token);

        var details = plan.DetailsAs<VfPlan>();
        Assert.Equal(StepKind.VirtualFunctions, plan.Step);
        Assert.Equal((0, 4, false, true), (details.CurrentCount, details.TargetCount, details.RemoveFirst, details.DisableAutoprobe));
        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1", "0000:3b:02.2", "0000:3b:02.3"], details.PredictedVfAddresses);
        Assert.Equal(details.PredictedVfAddresses, details.VfsToBind);
        Assert.Equal(
            [
                $"{Pf}/sriov_drivers_autoprobe",
                $"{Pf}/sriov_numvfs",
                .. Enumerable.Range(0, 4).Select(i => $"ip link set dev ens1f0 vf {i}"),
                .. details.PredictedVfAddresses.Select(a => $"/sys/bus/pci/devices/{a}/driver_override"),
                VfPersistenceFiles.ConfigPath,
                VfPersistenceFiles.UnitPath,
                VfPersistenceFiles.ModulesPath,
                VfPersistenceFiles.UnitName,
            ],
            plan.Changes.Select(c => c.Target));
        Assert.Equal(
            [("02:76:73:3b:00:00", true, false, 0), ("02:76:73:3b:00:01", true, false, 0), ("02:76:73:3b:00:02", true, false, 0), ("02:76:73:3b:00:03", true, false, 0)],
            details.Links.Select(l => (l.Mac, l.Trust, l.SpoofCheck, l.Vlan)));
        Assert.Equal("mac 02:76:73:3b:00:00 vlan 0 spoofchk off trust on (0000:3b:02.0, set on the PF before binding: a VF may not choose these itself)", plan.Changes[2].Description);
        Assert.Empty(log.Commands);
    }

    [Fact]
    public async Task PlanAsync_SameState_GivesTheSamePlan()
    {
        var context = Context(tree.Sysfs, vfCount: 4);

        var first = await step.PlanAsync(context, Token);
        var second = await step.PlanAsync(context, Token);

        Assert.Equal(JsonSerializer.Serialize(first.Details, RunJson.Options), JsonSerializer.Serialize(second.Details, RunJson.Options));
        Assert.Equal(first.Changes, second.Changes);
    }

    [Fact]
    public async Task PlanAsync_InvalidSettings_ThrowsWithTheField()
    {
        var context = Context(tree.Sysfs, vfCount: 65);

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.PlanAsync(context, Token));

        Assert.Equal(nameof(RunSettings.VfCount), error.Field);
    }

    [Fact]
    public async Task ApplyAsync_FreshPf_CreatesVfsOnVfioAndLogsEveryWrite()
    {
        var context = Context(tree.Sysfs, vfCount: 2);

        var outcome = await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);

        Assert.True(outcome.Changed);
        var vfs = SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0");
        Assert.All(vfs, vf => Assert.Equal("vfio-pci", vf.Driver));
        Assert.All(vfs, vf => Assert.True(tree.Sysfs.Exists($"/dev/vfio/{vf.IommuGroup}")));
        Assert.Equal("0\n", tree.Sysfs.ReadText($"{Pf}/sriov_drivers_autoprobe"));
        Assert.Equal(
            [
                $"write {Pf}/sriov_drivers_autoprobe 0",
                $"write {Pf}/sriov_numvfs 2",
                "ip link set dev ens1f0 vf 0 mac 02:76:73:3b:00:00 spoofchk off trust on",
                "ip link set dev ens1f0 vf 1 mac 02:76:73:3b:00:01 spoofchk off trust on",
                "write /sys/bus/pci/devices/0000:3b:02.0/driver_override vfio-pci",
                "write /sys/bus/pci/drivers_probe 0000:3b:02.0",
                "write /sys/bus/pci/devices/0000:3b:02.1/driver_override vfio-pci",
                "write /sys/bus/pci/drivers_probe 0000:3b:02.1",
                "systemctl daemon-reload",
                "systemctl enable virtsriov-vfs.service",
            ],
            log.Commands);
        Assert.True(tree.Sysfs.Exists(VfPersistenceFiles.UnitPath), "the boot unit is installed once the VFs work");
    }

    [Fact]
    public async Task ApplyAsync_SecondTime_ChangesNothingAndWritesNothing()
    {
        var first = Context(tree.Sysfs, vfCount: 2);
        await step.ApplyAsync(first, await step.PlanAsync(first, Token), Token);
        var recording = new HostTestFailingSysfs(tree.Sysfs, (_, _) => false, "EIO");
        var second = Context(recording, vfCount: 2);
        var plan = await step.PlanAsync(second, Token);

        var outcome = await step.ApplyAsync(second, plan, Token);

        Assert.False(outcome.Changed);
        Assert.True(plan.NothingToDo);
        Assert.Empty(recording.Writes);
    }

    [Fact]
    public async Task ApplyAsync_FourToTwo_WritesZeroFirst()
    {
        var four = Context(tree.Sysfs, vfCount: 4, vfsPerWorker: 2);
        await step.ApplyAsync(four, await step.PlanAsync(four, Token), Token);
        var recording = new HostTestFailingSysfs(tree.Sysfs, (_, _) => false, "EIO");
        var two = Context(recording, vfCount: 2);
        var plan = await step.PlanAsync(two, Token);

        await step.ApplyAsync(two, plan, Token);

        Assert.True(plan.DetailsAs<VfPlan>().RemoveFirst);
        Assert.Equal(["0", "2"], recording.Writes.Where(w => w.Path.EndsWith("/sriov_numvfs", StringComparison.Ordinal)).Select(w => w.Value));
        Assert.Equal(2, SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0").Count(vf => vf.Driver == "vfio-pci"));
    }

    [Fact]
    public async Task ApplyAsync_LinkDown_SetsThePfUpFirst()
    {
        tree.Sysfs.WriteText("/sys/class/net/ens1f0/flags", "0x1002");
        var context = Context(tree.Sysfs, vfCount: 2);
        var plan = await step.PlanAsync(context, Token);

        await step.ApplyAsync(context, plan, Token);

        Assert.Equal("/sys/class/net/ens1f0/flags", plan.Changes[0].Target);
        Assert.Equal("write /sys/class/net/ens1f0/flags 0x1003", log.Commands[0]);
        Assert.Equal("up\n", tree.Sysfs.ReadText("/sys/class/net/ens1f0/operstate"));
    }

    [Fact]
    public async Task TeardownAsync_PfTheRunFoundDown_IsSetDownAgainAfterTheVfsAreGone()
    {
        tree.Sysfs.WriteText("/sys/class/net/ens1f0/flags", "0x1002");
        var context = Context(tree.Sysfs, vfCount: 2);
        var plan = await step.PlanAsync(context, Token);
        await step.ApplyAsync(context, plan, Token);
        var replanned = await step.PlanAsync(context, Token);
        var commandsBefore = log.Commands.Count;

        // The run keeps every plan's artifacts by name: the first plan's record survives the second, which found the PF up.
        var outcome = await step.TeardownAsync(context with { Recorded = [.. plan.Artifacts, .. replanned.Artifacts] }, Token);

        Assert.Contains(plan.Artifacts, a => a.Name == PfAdminLink.FoundDownArtifact);
        Assert.DoesNotContain(replanned.Artifacts, a => a.Name == PfAdminLink.FoundDownArtifact);
        var writes = log.Commands.Skip(commandsBefore).Where(c => c.StartsWith("write ", StringComparison.Ordinal)).ToList();
        Assert.Equal("write /sys/class/net/ens1f0/flags 0x1002", writes[^1]);
        Assert.Contains(writes, c => c.EndsWith("/sriov_numvfs 0", StringComparison.Ordinal));
        Assert.Equal("0x1002\n", tree.Sysfs.ReadText("/sys/class/net/ens1f0/flags"));
        Assert.Contains("ens1f0 set down again", outcome.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeardownAsync_PfTheRunFoundUp_StaysUp()
    {
        var context = Context(tree.Sysfs, vfCount: 2);
        var plan = await step.PlanAsync(context, Token);
        await step.ApplyAsync(context, plan, Token);

        var outcome = await step.TeardownAsync(context with { Recorded = plan.Artifacts }, Token);

        Assert.DoesNotContain(plan.Artifacts, a => a.Name == PfAdminLink.FoundDownArtifact);
        Assert.DoesNotContain(log.Commands, c => c.Contains("/flags", StringComparison.Ordinal));
        Assert.Equal("0x1003\n", tree.Sysfs.ReadText("/sys/class/net/ens1f0/flags"));
        Assert.DoesNotContain("set down", outcome.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_FailsAfterBringingThePfUp_SetsItDownAgain()
    {
        tree.Sysfs.WriteText("/sys/class/net/ens1f0/flags", "0x1002");
        var refused = new HostTestFailingSysfs(tree.Sysfs, (path, _) => path.EndsWith("/sriov_numvfs", StringComparison.Ordinal), "EIO");
        var context = Context(refused, vfCount: 2);
        var plan = await step.PlanAsync(context, Token);

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.ApplyAsync(context, plan, Token));

        Assert.Contains("ens1f0 set down again", error.Message, StringComparison.Ordinal);
        Assert.Equal("0x1002\n", tree.Sysfs.ReadText("/sys/class/net/ens1f0/flags"));
    }

    [Fact]
    public async Task ApplyAsync_PfLinkReturnsAfterTheReset_BindsFirstAndEndsWhenTheLinkIsBack()
    {
        var resetting = new ResettingPfSysfs(tree.Sysfs, downReads: 3);
        var context = Context(resetting, vfCount: 2);
        var plan = await new VirtualFunctionsStep { PollInterval = TimeSpan.Zero }.PlanAsync(context, Token);

        await new VirtualFunctionsStep { PollInterval = TimeSpan.Zero }.ApplyAsync(context, plan, Token);

        Assert.Equal(0, resetting.DownReadsLeft);
        Assert.Equal(2, resetting.BindsWhileLinkDown);
    }

    [Fact]
    public async Task ApplyAsync_PfLinkNeverReturns_FailsNamingTheLinkAndRemovesTheVfs()
    {
        var resetting = new ResettingPfSysfs(tree.Sysfs, downReads: int.MaxValue);
        var context = Context(resetting, vfCount: 2);
        var quick = new VirtualFunctionsStep { VfTimeout = TimeSpan.Zero, PollInterval = TimeSpan.Zero };
        var plan = await quick.PlanAsync(context, Token);

        var error = await Assert.ThrowsAsync<ActionableException>(() => quick.ApplyAsync(context, plan, Token));

        Assert.Contains("ens1f0 had its link before the VFs were created and is not up again", error.Message, StringComparison.Ordinal);
        Assert.Equal("cat /sys/class/net/ens1f0/operstate", error.FailedCall);
        Assert.Equal("0\n", tree.Sysfs.ReadText("/sys/bus/pci/devices/0000:3b:00.0/sriov_numvfs"));
    }

    [Fact]
    public async Task ApplyAsync_EbusyWhileVfsPassedThrough_NamesTheDomainAndTheFix()
    {
        var setup = Context(tree.Sysfs, vfCount: 4, vfsPerWorker: 2);
        await step.ApplyAsync(setup, await step.PlanAsync(setup, Token), Token);
        var busy = new HostTestFailingSysfs(tree.Sysfs, (path, value) => path.EndsWith("/sriov_numvfs", StringComparison.Ordinal) && value == "0", "EBUSY");
        var hypervisor = FakeHypervisor.Running(new Dictionary<string, string>
        {
            ["virtsriov-worker-0"] = "<domain><devices><hostdev mode='subsystem' type='pci' managed='yes'><source><address domain='0x0000' bus='0x3b' slot='0x02' function='0x1'/></source></hostdev></devices></domain>",
            ["virtsriov-ctlplane-0"] = "<domain><devices/></domain>",
        });
        var context = new FakeLab(busy, hypervisor, FakeLab.SimulatedIp(tree.Sysfs)).Context(log, Settings(vfCount: 2), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("EBUSY", error.Message, StringComparison.Ordinal);
        Assert.Contains("virtsriov-worker-0", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("virtsriov-ctlplane-0", error.Message, StringComparison.Ordinal);
        Assert.Contains("virsh shutdown virtsriov-worker-0", error.Fix, StringComparison.Ordinal);
        Assert.Equal($"write {Pf}/sriov_numvfs 0", error.FailedCall);
        Assert.Equal("4\n", tree.Sysfs.ReadText($"{Pf}/sriov_numvfs"));
    }

    [Fact]
    public async Task ApplyAsync_FailureWhileBinding_RollsBackToTheStateFound()
    {
        var failing = new HostTestFailingSysfs(tree.Sysfs, (path, value) => path == "/sys/bus/pci/drivers_probe" && value == "0000:3b:02.1", "EIO");
        var context = Context(failing, vfCount: 2);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("Rolled back to the state found", error.Message, StringComparison.Ordinal);
        Assert.Contains("sriov_numvfs restored to 0", error.Message, StringComparison.Ordinal);
        Assert.Equal("/sys/bus/pci/drivers_probe 0000:3b:02.1", error.FailedCall?.Replace("write ", "", StringComparison.Ordinal));
        Assert.Equal("0\n", tree.Sysfs.ReadText($"{Pf}/sriov_numvfs"));
        Assert.Equal("1\n", tree.Sysfs.ReadText($"{Pf}/sriov_drivers_autoprobe"));
        Assert.Empty(SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0"));
    }

    [Fact]
    public async Task ApplyAsync_FailureAfterRemovingVfs_RestoresTheVfsWithTheirDrivers()
    {
        tree.Sysfs.WriteText($"{Pf}/sriov_numvfs", "4");
        var failing = new HostTestFailingSysfs(tree.Sysfs, (path, value) => path.EndsWith("/sriov_numvfs", StringComparison.Ordinal) && value == "2", "ENOMEM");
        var context = Context(failing, vfCount: 2);

        var error = await Assert.ThrowsAsync<ActionableException>(async () => await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token));

        Assert.Contains("ENOMEM", error.Message, StringComparison.Ordinal);
        Assert.Contains("sriov_numvfs restored to 4", error.Message, StringComparison.Ordinal);
        var vfs = SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0");
        Assert.Equal(4, vfs.Count);
        Assert.All(vfs, vf => Assert.Equal("iavf", vf.Driver));
    }

    [Fact]
    public async Task ApplyAsync_VfsNeverAppear_FailsAtTheDeadlineAndRollsBack()
    {
        var time = new FakeTimeProvider();
        var hiding = new HostTestHidingVfsSysfs(tree.Sysfs);
        var context = new FakeLab(hiding, processes: FakeLab.SimulatedIp(tree.Sysfs)).Context(log, Settings(vfCount: 2), time);
        var plan = await step.PlanAsync(context, Token);

        var apply = step.ApplyAsync(context, plan, Token);
        while (!apply.IsCompleted)
        {
            time.Advance(step.PollInterval);
            await Task.Yield();
        }

        var error = await Assert.ThrowsAsync<ActionableException>(() => apply);
        Assert.Contains("0 of 2 VFs", error.Message, StringComparison.Ordinal);
        Assert.Contains("sriov_numvfs restored to 0", error.Message, StringComparison.Ordinal);
        Assert.True(time.GetUtcNow() - time.Start >= step.VfTimeout);
    }

    [Fact]
    public async Task InspectAsync_NonIntelPf_ReportsAnError()
    {
        var context = new FakeLab(tree.Sysfs).Context(log, new RunSettings { PfAddress = "0000:af:00.0" });

        var findings = await step.InspectAsync(context, Token);

        var finding = Assert.Single(findings);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("Intel", finding.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_DefaultPf_ReportsCountDriversAndLink()
    {
        tree.Sysfs.WriteText($"{Pf}/sriov_numvfs", "1");
        var context = Context(tree.Sysfs, vfCount: 2);

        var findings = await step.InspectAsync(context, Token);

        Assert.Equal(["vf.pf", "vf.count", "vf.drivers", "vf.pf.link"], findings.Select(f => f.Id));
        Assert.Contains("0000:3b:02.0 iavf", findings[2].Observed, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Ok, findings[3].Severity);
        Assert.Contains("Persist across reboot", step.Limitations, StringComparison.Ordinal);
        Assert.DoesNotContain("not done yet", step.Limitations, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();

    private static RunSettings Settings(int vfCount, int vfsPerWorker = 1) =>
        new() { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfCount = vfCount, VfsPerWorker = vfsPerWorker };

    [Fact]
    public async Task ApplyAsync_PersistenceOff_CreatesVfsWithoutTouchingTheServiceManager()
    {
        var lab = new FakeLab(tree.Sysfs, processes: FakeLab.SimulatedIp(tree.Sysfs));
        var context = lab.Context(log, Settings(2, 1) with { PersistAcrossReboot = false });

        var plan = await step.PlanAsync(context, Token);
        await step.ApplyAsync(context, plan, Token);

        Assert.Null(plan.DetailsAs<VfPlan>().Persistence);
        Assert.DoesNotContain(plan.Changes, c => c.Target.StartsWith("/etc/", StringComparison.Ordinal));
        Assert.False(tree.Sysfs.Exists(VfPersistenceFiles.UnitPath));
        Assert.Equal(2, SriovInventory.ReadVirtualFunctions(tree.Sysfs, "0000:3b:00.0").Count);
    }

    private StepContext Context(ISysfs sysfs, int vfCount, int vfsPerWorker = 1) =>
        new FakeLab(sysfs, processes: FakeLab.SimulatedIp(tree.Sysfs)).Context(log, Settings(vfCount, vfsPerWorker));

    /// <summary>A PF whose link is down for <c>downReads</c> reads of its operstate after each VF count written, as a PF resetting for its VFs.</summary>
    private sealed class ResettingPfSysfs(ISysfs inner, int downReads) : ISysfs, IHostTestSysfsDecorator
    {
        private const string OperState = "/sys/bus/pci/devices/0000:3b:00.0/net/ens1f0/operstate";

        public ISysfs Inner => inner;

        public int DownReadsLeft { get; private set; }

        public int BindsWhileLinkDown { get; private set; }

        public bool IsSimulated => inner.IsSimulated;

        public bool Exists(string path) => inner.Exists(path);

        public IReadOnlyList<string> List(string directory) => inner.List(directory);

        public string? ReadLink(string path) => inner.ReadLink(path);

        public string ReadText(string path)
        {
            if (path != OperState || DownReadsLeft == 0)
            {
                return inner.ReadText(path);
            }

            DownReadsLeft--;
            return "down\n";
        }

        public void WriteText(string path, string value)
        {
            inner.WriteText(path, value);
            if (path.EndsWith("/sriov_numvfs", StringComparison.Ordinal) && value != "0")
            {
                DownReadsLeft = downReads;
            }

            if (path == "/sys/bus/pci/drivers_probe" && DownReadsLeft > 0)
            {
                BindsWhileLinkDown++;
            }
        }
    }
}

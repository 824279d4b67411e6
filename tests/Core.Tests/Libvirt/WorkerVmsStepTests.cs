using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Runs;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

public sealed class WorkerVmsStepTests
{
    private const string Pf = "0000:3b:00.0";

    private static async Task<(StepContext Context, SimulatedHypervisor Hypervisor)> LabAsync(RunSettings settings, FakeVfSysfs sysfs, Func<IHypervisor, IHypervisor>? wrap = null)
    {
        LibvirtTestSupport.RequireLibvirt();
        var folder = LibvirtTestSupport.NewTempFolder();
        var time = new FakeTimeProvider();
        var hypervisor = await SimulatedHypervisor.OpenAsync(Path.Combine(folder, "state"), time, TestContext.Current.CancellationToken, LibvirtTestSupport.PrivateTestUri(folder));
        var lab = new TestLab(sysfs, wrap is null ? hypervisor : wrap(hypervisor));
        return (new StepContext(Guid.NewGuid(), settings, lab, new RecordingStepLog(), time), hypervisor);
    }

    [Fact]
    public async Task InspectAsync_UnknownWorker_ErrorNamesItAndTheExistingDomains()
    {
        var settings = new RunSettings { PfAddress = Pf, Workers = ["virtsriov-worker-0", "worker-9"] };
        var (context, hypervisor) = await LabAsync(settings, new FakeVfSysfs(Pf, 4));
        using var _ = hypervisor;

        var findings = await new WorkerVmsStep().InspectAsync(context, TestContext.Current.CancellationToken);

        var missing = Assert.Single(findings, f => f.Severity == FindingSeverity.Error);
        Assert.Contains("worker-9", missing.Observed, StringComparison.Ordinal);
        Assert.Contains("virtsriov-ctlplane-0", missing.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_TooFewVfsAndWrongDriver_ReportsBoth()
    {
        var settings = new RunSettings { PfAddress = Pf, VfsPerWorker = 2 };
        var (context, hypervisor) = await LabAsync(settings, new FakeVfSysfs(Pf, 3, driver: "iavf"));
        using var _ = hypervisor;

        var findings = await new WorkerVmsStep().InspectAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal(FindingSeverity.Error, Assert.Single(findings, f => f.Id == "vfs.enough").Severity);
        Assert.Contains("iavf", Assert.Single(findings, f => f.Id == "vfs.vfio" && f.Severity == FindingSeverity.Error).Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_TwoWorkersTwoVfsEach_PlacesVfsRoundRobinWithArtifacts()
    {
        var settings = new RunSettings { PfAddress = Pf, VfsPerWorker = 2 };
        var (context, hypervisor) = await LabAsync(settings, new FakeVfSysfs(Pf, 8));
        using var _ = hypervisor;

        var plan = await new WorkerVmsStep().PlanAsync(context, TestContext.Current.CancellationToken);

        var details = plan.Details<WorkerVmsPlan>();
        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1"], details.Workers[0].VfAddresses);
        Assert.Equal(["0000:3b:02.2", "0000:3b:02.3"], details.Workers[1].VfAddresses);
        Assert.Equal(details.Workers[1].VfAddresses, DomainHostdevs.PciAddresses(details.Workers[1].PatchedXml));
        Assert.Equal(
            ["virtsriov-worker-0.xml", "virtsriov-worker-0.diff", "virtsriov-worker-1.xml", "virtsriov-worker-1.diff"],
            plan.Artifacts.Select(a => a.Name));
        Assert.Contains(plan.Changes, c => c.Target == "virtsriov-worker-1" && c.Description.Contains("0000:3b:02.3", StringComparison.Ordinal));
        Assert.Contains(plan.Warnings, w => w.StartsWith("virtsriov-worker-0 memtune:", StringComparison.Ordinal));
        Assert.Contains(plan.Warnings, w => w.Contains("is running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_Twice_PatchesRunningWorkersThenChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (context, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf }, new FakeVfSysfs(Pf, 4));
        using var _ = hypervisor;
        var step = new WorkerVmsStep();

        var first = await step.ApplyAsync(context, await step.PlanAsync(context, ct), ct);
        var secondPlan = await step.PlanAsync(context, ct);
        var second = await step.ApplyAsync(context, secondPlan, ct);

        Assert.True(first.Changed);
        Assert.Equal(
            ["virtsriov-worker-0.before.xml", "virtsriov-worker-0.after.xml", "virtsriov-worker-1.before.xml", "virtsriov-worker-1.after.xml"],
            first.Artifacts!.Select(a => a.Name));
        Assert.True(await hypervisor.IsRunningAsync("virtsriov-worker-1", ct));
        Assert.Equal(["0000:3b:02.1"], DomainHostdevs.PciAddresses(await hypervisor.GetDomainXmlAsync("virtsriov-worker-1", inactive: false, ct)));
        Assert.Empty(DomainHostdevs.PciAddresses(await hypervisor.GetDomainXmlAsync("virtsriov-ctlplane-0", inactive: true, ct)));
        Assert.True(secondPlan.NothingToDo);
        Assert.False(second.Changed);
    }

    [Fact]
    public async Task ApplyAsync_StartFails_RedefinesOriginalAndSaysSo()
    {
        var ct = TestContext.Current.CancellationToken;
        var (context, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf }, new FakeVfSysfs(Pf, 4), h => new FailingStartHypervisor(h, "virtsriov-worker-0"));
        using var _ = hypervisor;
        var step = new WorkerVmsStep();
        var original = await hypervisor.GetDomainXmlAsync("virtsriov-worker-0", inactive: true, ct);
        var plan = await step.PlanAsync(context, ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.ApplyAsync(context, plan, ct));

        Assert.Contains("original domain XML was redefined", error.Message, StringComparison.Ordinal);
        Assert.Contains("VFIO_MAP_DMA", error.Message, StringComparison.Ordinal);
        Assert.Equal(original, await hypervisor.GetDomainXmlAsync("virtsriov-worker-0", inactive: true, ct));
        Assert.True(await hypervisor.IsRunningAsync("virtsriov-worker-0", ct));
    }

    [Fact]
    public async Task PlanAsync_VfHeldByAnotherDomain_Refuses()
    {
        var ct = TestContext.Current.CancellationToken;
        var (context, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf }, new FakeVfSysfs(Pf, 4));
        using var _ = hypervisor;
        var ctlplane = await hypervisor.GetDomainXmlAsync("virtsriov-ctlplane-0", inactive: true, ct);
        await hypervisor.DefineDomainAsync(DomainPatcher.Patch(ctlplane, ["0000:3b:02.1"], new Version(9, 0, 0)).Xml, ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => new WorkerVmsStep().PlanAsync(context, ct));

        Assert.Contains("0000:3b:02.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("virtsriov-ctlplane-0", error.Message, StringComparison.Ordinal);
    }
}

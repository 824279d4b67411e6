using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;
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
        var lab = new FakeLab(sysfs, wrap is null ? hypervisor : wrap(hypervisor));
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
    public async Task InspectAsync_TooFewVfs_ReportsPlacementErrorWithCounts()
    {
        var settings = new RunSettings { PfAddress = Pf, VfsPerWorker = 2 };
        var (context, hypervisor) = await LabAsync(settings, new FakeVfSysfs(Pf, 3));
        using var _ = hypervisor;

        var findings = await new WorkerVmsStep().InspectAsync(context, TestContext.Current.CancellationToken);

        var placement = Assert.Single(findings, f => f.Id == "vfs.placement");
        Assert.Equal(FindingSeverity.Error, placement.Severity);
        Assert.Contains("4 VFs are needed", placement.Observed, StringComparison.Ordinal);
        Assert.Contains("has 3", placement.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectAsync_PlacedVfsOnWrongDriver_ReportsThem()
    {
        var settings = new RunSettings { PfAddress = Pf, VfsPerWorker = 1 };
        var (context, hypervisor) = await LabAsync(settings, new FakeVfSysfs(Pf, 3, driver: "iavf"));
        using var _ = hypervisor;

        var findings = await new WorkerVmsStep().InspectAsync(context, TestContext.Current.CancellationToken);

        Assert.Equal(FindingSeverity.Ok, Assert.Single(findings, f => f.Id == "vfs.placement").Severity);
        var vfio = Assert.Single(findings, f => f.Id == "vfs.vfio" && f.Severity == FindingSeverity.Error);
        Assert.Equal("0000:3b:02.0 (iavf), 0000:3b:02.1 (iavf)", vfio.Observed);
    }

    [Fact]
    public async Task PlanAsync_ByPfNumaNode_PatchesOnlyTheWorkerPinnedToThatNode()
    {
        var ct = TestContext.Current.CancellationToken;
        var (context, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf, VfsPerWorker = 1, VfPlacement = VfPlacementMode.PfNumaNode }, new FakeVfSysfs(Pf, 4, pfNumaNode: 1));
        using var _ = hypervisor;
        await PinAsync(hypervisor, "virtsriov-worker-1", "8-15", ct);
        var step = new WorkerVmsStep();

        var plan = await step.PlanAsync(context, ct);

        var worker = Assert.Single(plan.DetailsAs<WorkerVmsPlan>().Workers);
        Assert.Equal("virtsriov-worker-1", worker.Name);
        Assert.Equal(["0000:3b:02.0"], worker.VfAddresses);
        Assert.Contains(plan.Warnings, w => w.StartsWith("virtsriov-worker-0 gets no VF", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PlanAsync_Override_UsesTheOperatorsVfs()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new RunSettings { PfAddress = Pf, VfsPerWorker = 1, VfOverrides = new Dictionary<string, IReadOnlyList<string>> { ["virtsriov-worker-0"] = ["0000:3b:02.3"] } };
        var (context, hypervisor) = await LabAsync(settings, new FakeVfSysfs(Pf, 4));
        using var _ = hypervisor;
        var step = new WorkerVmsStep();

        var plan = await step.PlanAsync(context, ct);

        var workers = plan.DetailsAs<WorkerVmsPlan>().Workers;
        Assert.Equal(["0000:3b:02.3"], workers[0].VfAddresses);
        Assert.Equal(["0000:3b:02.0"], workers[1].VfAddresses);
        Assert.Equal(["0000:3b:02.3"], DomainHostdevs.PciAddresses(workers[0].PatchedXml));
    }

    [Fact]
    public async Task PlanAsync_TwoWorkersTwoVfsEach_PlacesVfsRoundRobinWithArtifacts()
    {
        var settings = new RunSettings { PfAddress = Pf, VfsPerWorker = 2 };
        var (context, hypervisor) = await LabAsync(settings, new FakeVfSysfs(Pf, 8));
        using var _ = hypervisor;

        var plan = await new WorkerVmsStep().PlanAsync(context, TestContext.Current.CancellationToken);

        var details = plan.DetailsAs<WorkerVmsPlan>();
        Assert.Equal(["0000:3b:02.0", "0000:3b:02.1"], details.Workers[0].VfAddresses);
        Assert.Equal(["0000:3b:02.2", "0000:3b:02.3"], details.Workers[1].VfAddresses);
        Assert.Equal(details.Workers[1].VfAddresses, DomainHostdevs.PciAddresses(details.Workers[1].PatchedXml));
        Assert.Equal(
            [
                "virtsriov-worker-0.xml", "virtsriov-worker-0.diff", "virtsriov-worker-0.before.xml", "virtsriov-worker-0.before.state",
                "virtsriov-worker-1.xml", "virtsriov-worker-1.diff", "virtsriov-worker-1.before.xml", "virtsriov-worker-1.before.state",
            ],
            plan.Artifacts.Select(a => a.Name));
        Assert.Contains(plan.Changes, c => c.Target == "virtsriov-worker-1" && c.Description.Contains("0000:3b:02.3", StringComparison.Ordinal));
        Assert.Contains(plan.Warnings, w => w.StartsWith("virtsriov-worker-0 memtune:", StringComparison.Ordinal));
        Assert.Equal(["virtsriov-worker-0", "virtsriov-worker-1"], plan.Interruptions.Select(i => i.Target));
        Assert.All(plan.Interruptions, i => Assert.StartsWith("is running: Apply shuts it down", i.OnApply, StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Warnings, w => w.Contains("is running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApplyAsync_AgainAfterAnAttemptKilledBetweenDefineAndStart_StartsTheWorkerAndRecordsItsOriginal()
    {
        var ct = TestContext.Current.CancellationToken;
        var (context, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf, VfsPerWorker = 1 }, new FakeVfSysfs(Pf, 4));
        using var _ = hypervisor;
        var step = new WorkerVmsStep();
        var plan = await step.PlanAsync(context, ct);
        var worker = plan.DetailsAs<WorkerVmsPlan>().Workers[0];
        var original = await hypervisor.GetDomainXmlAsync(worker.Name, inactive: true, ct);
        // What a process killed between virDomainDefineXML and virDomainCreate leaves.
        await hypervisor.ShutdownAsync(worker.Name, TimeSpan.FromSeconds(5), destroyAfterTimeout: false, ct);
        await hypervisor.DefineDomainAsync(worker.PatchedXml, ct);

        var resumed = await step.ApplyAsync(context, plan, ct);

        Assert.True(await hypervisor.IsRunningAsync(worker.Name, ct));
        Assert.Equal(worker.VfAddresses, DomainHostdevs.PciAddresses(await hypervisor.GetDomainXmlAsync(worker.Name, inactive: false, ct)));
        Assert.Equal(original, Assert.Single(resumed.Artifacts!, a => a.Name == worker.Name + ".before.xml").Content);
        Assert.Equal("running", Assert.Single(resumed.Artifacts!, a => a.Name == worker.Name + ".before.state").Content);
        Assert.Contains(worker.Name, resumed.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyAsync_Twice_PatchesRunningWorkersThenChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (context, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf, VfsPerWorker = 1 }, new FakeVfSysfs(Pf, 4));
        using var _ = hypervisor;
        var step = new WorkerVmsStep();

        var first = await step.ApplyAsync(context, await step.PlanAsync(context, ct), ct);
        var secondPlan = await step.PlanAsync(context, ct);
        var second = await step.ApplyAsync(context, secondPlan, ct);

        Assert.True(first.Changed);
        Assert.Equal(
            ["virtsriov-worker-0.before.xml", "virtsriov-worker-0.before.state", "virtsriov-worker-0.after.xml", "virtsriov-worker-1.before.xml", "virtsriov-worker-1.before.state", "virtsriov-worker-1.after.xml"],
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
    public async Task ApplyAsync_WorkerIgnoresShutdownWithoutConsent_FailsOnForceOffFieldAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        StubbornShutdownHypervisor? stubborn = null;
        var (context, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf }, new FakeVfSysfs(Pf, 4), h => stubborn = new StubbornShutdownHypervisor(h));
        using var _ = hypervisor;
        var step = new WorkerVmsStep();
        var original = await hypervisor.GetDomainXmlAsync("virtsriov-worker-0", inactive: true, ct);
        var plan = await step.PlanAsync(context, ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.ApplyAsync(context, plan, ct));

        Assert.Equal(nameof(RunSettings.ForceOffWorkers), error.Field);
        Assert.Contains("virtsriov-worker-0 did not shut down", error.Message, StringComparison.Ordinal);
        Assert.Contains("Force off workers", error.Fix, StringComparison.Ordinal);
        Assert.Contains("virsh destroy virtsriov-worker-0", error.Fix, StringComparison.Ordinal);
        Assert.Equal([false], stubborn!.DestroyConsents);
        Assert.Equal(original, await hypervisor.GetDomainXmlAsync("virtsriov-worker-0", inactive: true, ct));
        Assert.True(await hypervisor.IsRunningAsync("virtsriov-worker-0", ct));
    }

    [Fact]
    public async Task ApplyAsync_WorkerIgnoresShutdownWithConsent_ForcesItOffAndPatches()
    {
        var ct = TestContext.Current.CancellationToken;
        StubbornShutdownHypervisor? stubborn = null;
        var settings = new RunSettings { PfAddress = Pf, VfsPerWorker = 1, ForceOffWorkers = true };
        var (context, hypervisor) = await LabAsync(settings, new FakeVfSysfs(Pf, 4), h => stubborn = new StubbornShutdownHypervisor(h));
        using var _ = hypervisor;
        var step = new WorkerVmsStep();

        var outcome = await step.ApplyAsync(context, await step.PlanAsync(context, ct), ct);

        Assert.True(outcome.Changed);
        Assert.Equal([true, true], stubborn!.DestroyConsents);
        Assert.Equal(["0000:3b:02.0"], DomainHostdevs.PciAddresses(await hypervisor.GetDomainXmlAsync("virtsriov-worker-0", inactive: false, ct)));
    }

    private static async Task PinAsync(SimulatedHypervisor hypervisor, string name, string cpuset, CancellationToken ct)
    {
        var xml = await hypervisor.GetDomainXmlAsync(name, inactive: true, ct);
        await hypervisor.DefineDomainAsync(xml.Replace("<vcpu placement='static'>", $"<vcpu placement='static' cpuset='{cpuset}'>", StringComparison.Ordinal), ct);
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

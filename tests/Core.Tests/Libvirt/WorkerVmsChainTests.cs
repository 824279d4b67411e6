using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>
/// The Worker VMs step as the whole chain uses it, on libvirt's test driver: a worker that was shut off is left shut off
/// by teardown with its original definition; each named failure (lab RAM ceiling, memlock, VFIO group, caching mode)
/// leaves nothing of the patch defined or running. QEMU's error texts are the ones QEMU prints.
/// </summary>
public sealed class WorkerVmsChainTests
{
    private const string Pf = "0000:3b:00.0";
    private const string Worker = "virtsriov-worker-0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(StepContext Context, SimulatedHypervisor Hypervisor)> LabAsync(RunSettings settings, Func<IHypervisor, IHypervisor>? wrap = null)
    {
        LibvirtTestSupport.RequireLibvirt();
        var folder = LibvirtTestSupport.NewTempFolder();
        var time = new FakeTimeProvider();
        var hypervisor = await SimulatedHypervisor.OpenAsync(Path.Combine(folder, "state"), time, Ct, LibvirtTestSupport.PrivateTestUri(folder));
        await hypervisor.ShutdownAsync(Worker, TimeSpan.Zero, destroyAfterTimeout: true, Ct);
        var lab = new FakeLab(new FakeVfSysfs(Pf, 2), wrap is null ? hypervisor : wrap(hypervisor));
        return (new StepContext(Guid.NewGuid(), settings with { PfAddress = Pf, Workers = [Worker], VfsPerWorker = 1 }, lab, new RecordingStepLog(), time), hypervisor);
    }

    [Fact]
    public async Task ApplyThenTeardown_WorkerWasShutOff_RunsWithItsVfThenIsShutOffWithItsOriginalDefinition()
    {
        var (context, hypervisor) = await LabAsync(new RunSettings { ForceOffWorkers = true });
        using var _ = hypervisor;
        var step = new WorkerVmsStep();
        var original = await hypervisor.GetDomainXmlAsync(Worker, inactive: true, Ct);

        var applied = await step.ApplyAsync(context, await step.PlanAsync(context, Ct), Ct);
        var runningWithVf = (await hypervisor.IsRunningAsync(Worker, Ct), DomainHostdevs.PciAddresses(await hypervisor.GetDomainXmlAsync(Worker, inactive: false, Ct)));
        var torn = await step.TeardownAsync(context with { Recorded = applied.Artifacts }, Ct);

        Assert.True(runningWithVf.Item1);
        Assert.Equal(["0000:3b:02.0"], runningWithVf.Item2);
        Assert.Equal("shut off", Assert.Single(applied.Artifacts!, a => a.Name == Worker + ".before.state").Content);
        Assert.True(torn.Changed);
        Assert.False(await hypervisor.IsRunningAsync(Worker, Ct));
        Assert.Equal(original, await hypervisor.GetDomainXmlAsync(Worker, inactive: true, Ct));
    }

    [Theory]
    [InlineData(FailingStartHypervisor.MemlockError, "VFIO could not pin", "hard_limit")]
    [InlineData("internal error: qemu unexpectedly closed the monitor: 2026-12-06T08:00:00.000000Z qemu-system-x86_64: -device {\"driver\":\"vfio-pci\",\"host\":\"0000:3b:02.0\",\"id\":\"hostdev0\",\"bus\":\"pci.5\",\"addr\":\"0x0\"}: vfio 0000:3b:02.0: group 7 is not viable\nPlease ensure all devices within the iommu_group are bound to their vfio bus driver.", "IOMMU group is not viable", "iommu_groups")]
    [InlineData("internal error: qemu unexpectedly closed the monitor: 2026-12-06T08:00:00.000000Z qemu-system-x86_64: -device {\"driver\":\"vfio-pci\",\"host\":\"0000:3b:02.0\",\"id\":\"hostdev0\",\"bus\":\"pci.5\",\"addr\":\"0x0\"}: We need to set caching-mode=on for intel-iommu to enable device assignment with IOMMU protection.", "no caching mode", "caching_mode='on'")]
    public async Task ApplyAsync_QemuRefusesTheWorker_NamedCauseAndNothingOfThePatchLeft(string qemuError, string cause, string fix)
    {
        var (context, hypervisor) = await LabAsync(new RunSettings(), h => new FailingStartHypervisor(h, Worker, qemuError));
        using var _ = hypervisor;
        var step = new WorkerVmsStep();
        var original = await hypervisor.GetDomainXmlAsync(Worker, inactive: true, Ct);
        var plan = await step.PlanAsync(context, Ct);

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.ApplyAsync(context, plan, Ct));

        Assert.Contains(cause, error.Message, StringComparison.Ordinal);
        Assert.Contains(fix, error.Fix, StringComparison.Ordinal);
        Assert.Equal(original, await hypervisor.GetDomainXmlAsync(Worker, inactive: true, Ct));
        Assert.False(await hypervisor.IsRunningAsync(Worker, Ct));
    }

    [Fact]
    public async Task Inspect_WorkerRamAboveTheLabsCeiling_NamedErrorAndPlanRefusesSoNothingIsDefined()
    {
        var (context, hypervisor) = await LabAsync(new RunSettings { MaxWorkerMemoryMiB = 2048 });
        using var _ = hypervisor;
        var step = new WorkerVmsStep();
        var original = await hypervisor.GetDomainXmlAsync(Worker, inactive: true, Ct);

        var findings = await step.InspectAsync(context, Ct);
        var refused = await Assert.ThrowsAsync<ActionableException>(() => step.PlanAsync(context, Ct));

        var finding = Assert.Single(findings, f => f.Id == $"worker.{Worker}.memory");
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("above 4 GiB", finding.Observed, StringComparison.Ordinal);
        Assert.Contains("16384 MiB", finding.Observed, StringComparison.Ordinal);
        Assert.Contains("setmaxmem", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("VF BARs above 4 GiB", refused.Message, StringComparison.Ordinal);
        Assert.Equal(original, await hypervisor.GetDomainXmlAsync(Worker, inactive: true, Ct));
    }

    [Fact]
    public async Task Plan_WorkerRamWithinTheLabsCeiling_SaysWhyTheCeilingExistsAndLeavesTheRamAlone()
    {
        var (context, hypervisor) = await LabAsync(new RunSettings { MaxWorkerMemoryMiB = 16384 });
        using var _ = hypervisor;

        var plan = await new WorkerVmsStep().PlanAsync(context, Ct);

        Assert.Contains(plan.Warnings, w => w.Contains("at most 16384 MiB", StringComparison.Ordinal) && w.Contains("32-bit", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Changes, c => c.Description.Contains("memory", StringComparison.OrdinalIgnoreCase) && !c.Description.Contains("memtune", StringComparison.Ordinal));
    }
}

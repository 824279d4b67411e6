using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Host;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class PreflightStepTests : IDisposable
{
    private readonly HostTestTree tree = new();
    private readonly RecordingStepLog log = new();
    private readonly PreflightStep step = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InspectAsync_SimulatedLab_FindsEverythingTheRecipeNeeds()
    {
        var findings = await step.InspectAsync(new FakeLab(tree.Sysfs).Context(log), Token);

        Assert.DoesNotContain(findings, f => f.Severity is FindingSeverity.Error or FindingSeverity.Warning);
        Assert.Equal("enabled: dmar0 in /sys/class/iommu, 4 IOMMU groups", Find(findings, "iommu.enabled").Observed);
        Assert.Equal(FindingSeverity.Ok, Find(findings, "iommu.intremap").Severity);
        Assert.Equal(FindingSeverity.Ok, Find(findings, "libvirt.version").Severity);
        Assert.Equal(FindingSeverity.Info, Find(findings, "qemu.intel-iommu").Severity);
        Assert.Equal(FindingSeverity.Ok, Find(findings, "ovmf.firmware").Severity);
        Assert.Equal(FindingSeverity.Ok, Find(findings, "memory.workers").Severity);
        Assert.Equal(FindingSeverity.Ok, Find(findings, "sriov.vfs-in-use").Severity);
        Assert.Equal(FindingSeverity.Ok, Find(findings, "sriov.default-route").Severity);
        Assert.Equal("GenuineIntel", Find(findings, "cpu.vendor").Observed);
        Assert.Equal(FindingSeverity.Ok, Find(findings, "vfio.modules").Severity);
        Assert.Contains("1G: 16 free of 16", Find(findings, "hugepages.host").Observed, StringComparison.Ordinal);
        Assert.Contains("208.0 GiB available", Find(findings, "memory.available").Observed, StringComparison.Ordinal);
        Assert.Contains("0 of 64 VFs, NUMA node 0, IOMMU group 30", Find(findings, "sriov.nic.0000:3b:00.0").Observed, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Ok, Find(findings, "sriov.nic.0000:5e:00.0").Severity);
        Assert.Equal(FindingSeverity.Info, Find(findings, "sriov.nic.0000:af:00.0").Severity);
        Assert.DoesNotContain(findings, f => f.Id == "sriov.nic.0000:01:00.0");
    }

    [Fact]
    public async Task InspectAsync_NoIommuUnits_ReportsIommuMissingWithTheFix()
    {
        File.Delete(tree.Full("/sys/class/iommu/dmar0"));

        var findings = await step.InspectAsync(new FakeLab(tree.Sysfs).Context(log), Token);

        var iommu = Find(findings, "iommu.enabled");
        Assert.Equal(FindingSeverity.Error, iommu.Severity);
        Assert.Contains("intel_iommu=on iommu=pt", iommu.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_SimulatedLab_ChangesNothing()
    {
        var plan = await step.PlanAsync(new FakeLab(tree.Sysfs).Context(log), Token);

        Assert.Equal(StepKind.Preflight, plan.Step);
        Assert.True(plan.NothingToDo);
        Assert.Empty(plan.Warnings);
        Assert.Contains("none blocking", plan.Summary, StringComparison.Ordinal);
        Assert.NotEmpty(plan.DetailsAs<PreflightPlanDetails>().Findings);
    }

    [Fact]
    public async Task ApplyAsync_SimulatedLab_SucceedsWithoutChange()
    {
        var context = new FakeLab(tree.Sysfs).Context(log);

        var outcome = await step.ApplyAsync(context, await step.PlanAsync(context, Token), Token);

        Assert.False(outcome.Changed);
        Assert.NotNull(step.Limitations);
    }

    [Fact]
    public async Task ApplyAsync_ErrorFinding_ThrowsActionableWithTheFix()
    {
        File.Delete(tree.Full("/sys/class/iommu/dmar0"));
        File.Delete(tree.Full("/dev/kvm"));
        var context = new FakeLab(tree.Sysfs).Context(log);
        var plan = await step.PlanAsync(context, Token);

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.ApplyAsync(context, plan, Token));

        Assert.Contains("2 blocking problem(s)", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/kvm does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("modprobe kvm_intel", error.Fix, StringComparison.Ordinal);
        Assert.Contains("2 blocking", plan.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExamineAsync_ThisMachine_ReportsTheRealIommuState()
    {
        var sysfs = new RealSysfs("/");
        var units = sysfs.List("/sys/class/iommu");
        var doctor = new PreflightDoctor(TimeProvider.System);

        var report = await doctor.ExamineAsync(new FakeLab(sysfs), Token);

        var iommu = Find(report.Findings, "iommu.enabled");
        Assert.False(report.Simulated);
        if (units.Count == 0)
        {
            Assert.Equal(FindingSeverity.Error, iommu.Severity);
            Assert.Contains("no IOMMU is active", iommu.Observed, StringComparison.Ordinal);
            Assert.True(report.HasErrors);
        }
        else
        {
            Assert.Equal(FindingSeverity.Ok, iommu.Severity);
            Assert.Contains(units[0], iommu.Observed, StringComparison.Ordinal);
        }

        var kvm = Find(report.Findings, "kvm.device");
        Assert.Equal(File.Exists("/dev/kvm") ? FindingSeverity.Ok : FindingSeverity.Error, kvm.Severity);
    }

    [Fact]
    public async Task ToJson_Report_SerializesFindingsWithNamedSeverities()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var report = await new PreflightDoctor(time).ExamineAsync(new FakeLab(tree.Sysfs), Token);

        using var json = JsonDocument.Parse(report.ToJson());

        Assert.Equal("2026-11-28T09:00:00+00:00", json.RootElement.GetProperty("checkedAt").GetString());
        Assert.True(json.RootElement.GetProperty("simulated").GetBoolean());
        var first = json.RootElement.GetProperty("findings")[0];
        Assert.Equal("cpu.vendor", first.GetProperty("id").GetString());
        Assert.Equal("Ok", first.GetProperty("severity").GetString());
    }

    public void Dispose() => tree.Dispose();

    private static StepFinding Find(IReadOnlyList<StepFinding> findings, string id) => Assert.Single(findings, f => f.Id == id);
}

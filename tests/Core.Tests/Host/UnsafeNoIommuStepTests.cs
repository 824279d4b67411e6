using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Host;

/// <summary>The Virtual functions step with the UnsafeNoIommu opt-in: labelled unsafe in plan and log, refused where an IOMMU exists.</summary>
public sealed class UnsafeNoIommuStepTests : IDisposable
{
    private readonly HostTestTree tree = new();
    private readonly RecordingStepLog log = new();
    private readonly VirtualFunctionsStep step = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static RunSettings OptedIn => new() { PfAddress = SimulatedLabWorld.DefaultPfAddress, VfCount = 4, PersistAcrossReboot = false, UnsafeNoIommu = true };

    [Fact]
    public async Task PlanAndApply_OptedInWithoutIommu_LabelledUnsafeAndTheParameterSet()
    {
        RemoveIommu();
        var context = Context(OptedIn);

        var plan = await step.PlanAsync(context, Token);
        await step.ApplyAsync(context, plan, Token);

        Assert.StartsWith("UNSAFE: no IOMMU isolation: ", plan.Warnings[0], StringComparison.Ordinal);
        Assert.Equal(new PlannedChange(UnsafeNoIommu.Parameter, "write Y (UNSAFE: no IOMMU isolation)"), plan.Changes[0]);
        Assert.Contains(log.Lines, l => l.Level == RunLogLevel.Warning && l.Text == UnsafeNoIommu.Warning);
        Assert.Equal("Y", tree.Sysfs.ReadText(UnsafeNoIommu.Parameter).Trim());
    }

    [Fact]
    public async Task Plan_OptedInOnAHostWithAnIommu_RefusedNamingTheField()
    {
        var error = await Assert.ThrowsAsync<ActionableException>(() => step.PlanAsync(Context(OptedIn), Token));

        Assert.Equal(UnsafeNoIommu.Field, error.Field);
        Assert.Contains("this host has an IOMMU (dmar0 in /sys/class/iommu)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_NotOptedIn_NoUnsafeLabel()
    {
        var plan = await step.PlanAsync(Context(OptedIn with { UnsafeNoIommu = false }), Token);

        Assert.DoesNotContain(plan.Warnings, w => w.Contains(UnsafeNoIommu.Label, StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Changes, c => c.Target == UnsafeNoIommu.Parameter);
    }

    public void Dispose() => tree.Dispose();

    private StepContext Context(RunSettings settings) => new FakeLab(tree.Sysfs, processes: FakeLab.SimulatedIp(tree.Sysfs)).Context(log, settings);

    /// <summary>A machine without an IOMMU: no unit in /sys/class/iommu; vfio loaded with the parameter off.</summary>
    private void RemoveIommu()
    {
        File.Delete(tree.Full("/sys/class/iommu/dmar0"));
        Directory.CreateDirectory(Path.GetDirectoryName(tree.Full(UnsafeNoIommu.Parameter))!);
        File.WriteAllText(tree.Full(UnsafeNoIommu.Parameter), "N\n");
    }
}

using Microsoft.Extensions.Time.Testing;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>The bad-input cases: each refused with the item and the fix, and no domain is redefined.</summary>
public sealed class WorkerVmsBadInputTests
{
    private const string Pf = "0000:3b:00.0";

    private static async Task<(StepContext Context, SimulatedHypervisor Hypervisor)> LabAsync(RunSettings settings, int vfs = 4)
    {
        LibvirtTestSupport.RequireLibvirt();
        var folder = LibvirtTestSupport.NewTempFolder();
        var time = new FakeTimeProvider();
        var hypervisor = await SimulatedHypervisor.OpenAsync(Path.Combine(folder, "state"), time, TestContext.Current.CancellationToken, LibvirtTestSupport.PrivateTestUri(folder));
        return (new StepContext(Guid.NewGuid(), settings, new FakeLab(new FakeVfSysfs(Pf, vfs), hypervisor), new RecordingStepLog(), time), hypervisor);
    }

    private static async Task<Dictionary<string, string>> SnapshotAsync(SimulatedHypervisor hypervisor)
    {
        var ct = TestContext.Current.CancellationToken;
        var xmls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in await hypervisor.ListDomainNamesAsync(ct))
        {
            xmls[name] = await hypervisor.GetDomainXmlAsync(name, inactive: true, ct);
        }

        return xmls;
    }

    [Fact]
    public async Task DefineDomainAsync_MalformedWorkerXml_NamesTheProblemAndKeepsTheWorker()
    {
        var ct = TestContext.Current.CancellationToken;
        var (_, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf });
        using var _ = hypervisor;
        var before = await SnapshotAsync(hypervisor);

        var error = await Assert.ThrowsAsync<ActionableException>(() =>
            hypervisor.DefineDomainAsync("<domain type='kvm'><name>virtsriov-worker-0</name><memory>1</memory>", ct));

        Assert.Contains("not well-formed", error.Message, StringComparison.Ordinal);
        Assert.Contains("virt-xml-validate", error.Fix, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(hypervisor));
    }

    [Fact]
    public async Task PlanAsync_UnknownWorkerName_NamesItAndTheExistingDomains()
    {
        var (context, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf, Workers = ["virtsriov-worker-0", "worker-9"] });
        using var _ = hypervisor;
        var before = await SnapshotAsync(hypervisor);

        var error = await Assert.ThrowsAsync<ActionableException>(() => new WorkerVmsStep().PlanAsync(context, TestContext.Current.CancellationToken));

        Assert.Contains("worker-9", error.Message, StringComparison.Ordinal);
        Assert.Contains("virtsriov-worker-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("virsh list --all", error.Fix, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(hypervisor));
    }

    [Theory]
    [InlineData("0000:3b:00.0")]
    [InlineData("0000:3b:02.6")]
    public async Task PlanAsync_OverrideAddressNotAVf_RefusesOnTheWorkersField(string address)
    {
        var settings = new RunSettings { PfAddress = Pf, VfOverrides = new Dictionary<string, IReadOnlyList<string>> { ["virtsriov-worker-1"] = [address] } };
        var (context, hypervisor) = await LabAsync(settings);
        using var _ = hypervisor;
        var before = await SnapshotAsync(hypervisor);
        var step = new WorkerVmsStep();

        var error = await Assert.ThrowsAsync<ActionableException>(() => step.PlanAsync(context, TestContext.Current.CancellationToken));

        Assert.Equal("VfOverrides[virtsriov-worker-1]", error.Field);
        Assert.Contains($"{address} in the VF override of virtsriov-worker-1 is not a VF of PF {Pf}", error.Message, StringComparison.Ordinal);
        Assert.Contains("0000:3b:02.0", error.Fix, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(hypervisor));
    }

    [Fact]
    public void Patch_PlannedAddressNotAVfOfThePf_Refuses()
    {
        var error = Assert.Throws<ActionableException>(() =>
            DomainPatcher.Patch(LibvirtTestSupport.ReadData("kcli-worker.xml"), ["0000:3b:00.0"], new Version(9, 0, 0), ["0000:3b:02.0", "0000:3b:02.1"]));

        Assert.Contains("0000:3b:00.0 is not a VF of the chosen PF (its VFs: 0000:3b:02.0, 0000:3b:02.1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_MoreVfsThanAvailable_RefusesOnVfsPerWorker()
    {
        var (context, hypervisor) = await LabAsync(new RunSettings { PfAddress = Pf, VfsPerWorker = 3 }, vfs: 4);
        using var _ = hypervisor;
        var before = await SnapshotAsync(hypervisor);

        var error = await Assert.ThrowsAsync<ActionableException>(() => new WorkerVmsStep().PlanAsync(context, TestContext.Current.CancellationToken));

        Assert.Equal(nameof(RunSettings.VfsPerWorker), error.Field);
        Assert.Contains($"6 VFs are needed (2 worker(s) × 3) but PF {Pf} has 4", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 6", error.Fix, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(hypervisor));
    }

    [Fact]
    public async Task OpenAsync_UnknownUriScheme_ListsSupportedSchemesWithoutTouchingState()
    {
        var folder = LibvirtTestSupport.NewTempFolder();

        var error = await Assert.ThrowsAsync<ActionableException>(() =>
            SimulatedHypervisor.OpenAsync(Path.Combine(folder, "state"), new FakeTimeProvider(), TestContext.Current.CancellationToken, "vbox:///session"));

        Assert.Contains("'vbox:///session'", error.Message, StringComparison.Ordinal);
        Assert.Contains("qemu+ssh://", error.Fix, StringComparison.Ordinal);
        Assert.Equal("LibvirtUri", error.Field);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(folder, "state")));
    }
}

using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class WorkerMemoryCheckTests : IDisposable
{
    private readonly PreflightTestTree tree = new();
    private readonly WorkerMemoryCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_StoppedWorkerNeedsMoreThanAvailable_WarnsWithTheShortfall()
    {
        MemInfo(totalGib: 64, availableGib: 10);
        var lab = Lab(("virtsriov-worker-0", 16, true), ("virtsriov-worker-1", 16, false));

        var finding = Assert.Single(await check.RunAsync(lab.Context(new RunSettings { VfsPerWorker = 1 }), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("2 worker(s) need 34.0 GiB", finding.Observed, StringComparison.Ordinal);
        Assert.Contains("virtsriov-worker-0 16.0 GiB running", finding.Observed, StringComparison.Ordinal);
        Assert.Contains("memtune hard_limit 18.0 GiB each with 1 VF(s)", finding.Observed, StringComparison.Ordinal);
        Assert.Contains("17.0 GiB more to start the stopped ones, 10.0 GiB available of 64.0 GiB", finding.Observed, StringComparison.Ordinal);
        Assert.StartsWith("Free at least 7.0 GiB", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WorkersLargerThanTheHost_IsError()
    {
        MemInfo(totalGib: 32, availableGib: 30);
        var lab = Lab(("virtsriov-worker-0", 16, true), ("virtsriov-worker-1", 16, true));

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("more than 34.0 GiB", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_TwoVfsPerWorker_HardLimitCountsRamPerDevice()
    {
        MemInfo(totalGib: 256, availableGib: 200);
        var lab = Lab(("virtsriov-worker-0", 16, false), ("virtsriov-worker-1", 16, false));

        var finding = Assert.Single(await check.RunAsync(lab.Context(new RunSettings { VfsPerWorker = 2 }), Token));

        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Contains("memtune hard_limit 34.0 GiB each with 2 VF(s)", finding.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoLibvirt_StatesTheAssumedWorkerSize()
    {
        MemInfo(totalGib: 64, availableGib: 60);
        var lab = new FakeLab(tree.Sysfs, FakeHypervisor.Unreachable("none:///"));

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Contains("assumed 16.0 GiB and stopped for virtsriov-worker-0, virtsriov-worker-1 (domain XML unreadable: no libvirt connection (test))", finding.Observed, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();

    private void MemInfo(int totalGib, int availableGib) =>
        tree.File("/proc/meminfo", $"MemTotal:       {totalGib * 1048576L} kB\nMemFree:        1 kB\nMemAvailable:   {availableGib * 1048576L} kB\n");

    private FakeLab Lab(params (string Name, int Gib, bool Running)[] domains) =>
        new(tree.Sysfs, new FakeHypervisor("qemu:///system", new Version(10, 0), domains.ToDictionary(d => d.Name, d => (FakeHypervisor.Domain(d.Name, d.Gib), d.Running))));
}

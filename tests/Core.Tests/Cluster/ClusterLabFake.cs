using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>
/// The simulated lab world of COMMON.md around a <see cref="SimulatedCluster"/>: worker-0 has VF 0000:3b:02.0,
/// worker-1 has VF 0000:3b:02.1 (X710 VFs, 8086:154c), the control plane VMs have none. Its state folder is temporary.
/// </summary>
internal sealed class ClusterLabFake : ILabEnvironment
{
    public static readonly SimulatedClusterTimings FastTimings = new(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(30));

    public static readonly ClusterWaits FastWaits = new(
        TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(5));

    private readonly string stateFolder;

    public ClusterLabFake(
        IReadOnlyList<string>? testpmdLines = null,
        TimeProvider? time = null,
        string? stateFolder = null,
        Dictionary<string, IReadOnlyList<string>>? hostdevs = null,
        SimulatedClusterFaults? faults = null,
        int pfSpeedMbps = 10000,
        SimulatedClusterTimings? timings = null)
    {
        this.stateFolder = stateFolder ?? Directory.CreateTempSubdirectory("virtsriov-cluster-").FullName;
        Time = time ?? TimeProvider.System;
        Hypervisor = FakeHypervisor.WithHostdevs(hostdevs ?? new()
        {
            ["virtsriov-ctlplane-0"] = [],
            ["virtsriov-ctlplane-1"] = [],
            ["virtsriov-ctlplane-2"] = [],
            ["virtsriov-worker-0"] = ["0000:3b:02.0", "0000:3b:02.2"],
            ["virtsriov-worker-1"] = ["0000:3b:02.1", "0000:3b:02.3"],
        });
        Sysfs = new ClusterSysfsFake()
            .WithDevice("0000:3b:02.0", "8086", "154c")
            .WithDevice("0000:3b:02.1", "8086", "154c")
            .WithDevice("0000:3b:02.2", "8086", "154c")
            .WithDevice("0000:3b:02.3", "8086", "154c")
            .WithPhysicalFunction("0000:3b:00.0", "ens1f0", pfSpeedMbps);
        Testpmd = new ClusterTestpmdFake(testpmdLines ?? ClusterTestpmdFake.Forwarding);
        SimulatedCluster = new SimulatedCluster(this.stateFolder, Hypervisor, Sysfs, Testpmd, Time, timings ?? FastTimings, faults);
        Cluster = SimulatedCluster;
    }

    public LabDefinition Lab { get; } = new(Guid.NewGuid(), "simulated", LabKind.Simulated, "/tmp/sysfs", "test:///default", false, DateTimeOffset.UnixEpoch);

    public ISysfs Sysfs { get; }

    public IHypervisor Hypervisor { get; }

    /// <summary>The simulated cluster, or a decorator of it a test puts in between.</summary>
    public IClusterClient Cluster { get; set; }

    public SimulatedCluster SimulatedCluster { get; }

    public ClusterTestpmdFake Testpmd { get; }

    public IProcessRunner Processes { get; } = new ProcessRunner();

    public IServiceManager Services => throw new NotSupportedException("The cluster steps install no host service.");

    public TimeProvider Time { get; }

    public string StateFolder => stateFolder;

    public RecordingStepLog Log { get; } = new();

    public StepContext Context(RunSettings? settings = null) => new(Guid.NewGuid(), settings ?? new RunSettings { PfAddress = "0000:3b:00.0" }, this, Log, Time);

    /// <summary>Unpauses the worker pool once its rendered config lists <paramref name="present"/> and none of <paramref name="absent"/>, and waits until every worker is on it.</summary>
    public async Task<IReadOnlyDictionary<string, int>> RollOutAsync(IReadOnlyCollection<string> present, IReadOnlyCollection<string>? absent = null)
    {
        var token = TestContext.Current.CancellationToken;
        var rollout = new PoolRollout(Cluster, ClusterNames.WorkerPool, FastWaits, Log, Time);
        var rendered = await rollout.WaitForRenderAsync(present, absent ?? [], token).WaitAsync(TimeSpan.FromSeconds(30), token);
        var before = await rollout.NodesAsync(token);
        await Cluster.SetPoolPausedAsync(ClusterNames.WorkerPool, paused: false, token);
        return await rollout.FollowAsync(rendered, before, token).WaitAsync(TimeSpan.FromSeconds(30), token);
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(stateFolder, recursive: true);
        return ValueTask.CompletedTask;
    }
}

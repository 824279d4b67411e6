using Microsoft.Extensions.Logging.Abstractions;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Runs.Events;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Cluster;
using VirtSriov.Core.Tests.Libvirt;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Runs;

/// <summary>
/// A whole run of the seven real steps on the simulated lab (generated sysfs, libvirt's test driver, simulated
/// cluster; testpmd's output is captured real output), then its teardown through the engine.
/// </summary>
public sealed class SimulatedLabRunTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Teardown_WholeRunOfTheSevenSteps_RemovesEverythingAndTheRunStaysSucceeded()
    {
        LibvirtTestSupport.RequireLibvirt();
        var folder = LibvirtTestSupport.NewTempFolder();
        try
        {
            var labs = new InMemoryLabStore();
            var lab = labs.Add(new LabDefinition(
                Guid.NewGuid(), "Simulated lab", LabKind.Simulated, Path.Combine(folder, "sysfs"),
                LibvirtTestSupport.PrivateTestUri(Path.Combine(folder, "node")), true, DateTimeOffset.UnixEpoch));
            var store = new InMemoryRunStore(labs);
            var factory = new LabEnvironmentFactory(
                labs, new ProcessRunner(), new ClusterTestpmdFake(ClusterTestpmdFake.Forwarding), new SshKeyStore(folder, new ProcessRunner()), TimeProvider.System, ClusterLabFake.FastTimings);
            var waits = ClusterLabFake.FastWaits;
            IRunStep[] steps =
            [
                new PreflightStep(), new VirtualFunctionsStep(), new ClusterStep(), new WorkerVmsStep(),
                new NodeTuningStep(waits), new DevicePluginStep(waits), new DpdkTestStep(waits),
            ];
            var broadcaster = new RunEventBroadcaster();
            await using var publisher = new RunEventPublisher(new InMemoryRunEventStore(), broadcaster, TimeProvider.System, NullLogger<RunEventPublisher>.Instance);
            await using var engine = new RunEngine(steps, store, labs, new LabEnvironmentCache(factory), publisher, [], TimeProvider.System, NullLogger<RunEngine>.Instance);
            var runId = await engine.CreateRunAsync(lab.Id, new RunSettings { PfAddress = "0000:3b:00.0", TestpmdSeconds = 5 }, Token);

            var built = await engine.RunRemainingAsync(runId, Token).WaitAsync(TimeSpan.FromMinutes(3), Token);
            var originals = await OriginalsAsync(store, runId);
            var tornDown = await engine.TeardownAsync(runId, TeardownOptions.KeepCluster, Token).WaitAsync(TimeSpan.FromMinutes(3), Token);

            Assert.True(built.Status == RunStatus.Succeeded, string.Join("; ", built.Steps.Select(s => $"{s.Step} {s.Status} {s.Error}")));
            Assert.True(tornDown.Teardown == RunTeardown.TornDown, string.Join("; ", tornDown.Steps.Select(s => $"{s.Step} {s.Status} {s.Error}")));
            Assert.Equal(RunStatus.Succeeded, tornDown.Status);
            Assert.All(tornDown.Steps.Where(s => s.Step != StepKind.Preflight), s => Assert.Equal(StepStatus.TornDown, s.Status));
            Assert.NotEmpty(originals);
            await using var environment = await factory.CreateAsync(lab, Token);
            foreach (var (worker, xml) in originals)
            {
                Assert.Equal(xml.Trim(), (await environment.Hypervisor.GetDomainXmlAsync(worker, inactive: true, Token)).Trim());
            }

            Assert.Equal("0", environment.Sysfs.ReadText($"{SysfsPaths.PciDevices}/0000:3b:00.0/sriov_numvfs").Trim());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<Dictionary<string, string>> OriginalsAsync(InMemoryRunStore store, Guid runId)
    {
        var originals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var info in (await store.ListArtifactsAsync(runId, Token)).Where(a => a.Step == StepKind.WorkerVms && a.Name.EndsWith(".before.xml", StringComparison.Ordinal)))
        {
            originals[info.Name[..^".before.xml".Length]] = (await store.GetArtifactAsync(info.Id, Token))!.Content;
        }

        return originals;
    }
}

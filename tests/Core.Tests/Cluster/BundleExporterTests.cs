using System.IO.Compression;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Steps;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Cluster.Steps;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>The bundle of a run whose cluster steps were planned on the simulated cluster.</summary>
public sealed class BundleExporterTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExportAsync_PlannedRun_ZipsManifestsKustomizationKcliFileAndPatchedDomains()
    {
        await using var lab = new ClusterLabFake();
        var context = lab.Context();
        var run = new RunRecord(context.RunId, lab.Lab.Id, "lab", true, RunStatus.Active, context.Settings, DateTimeOffset.UnixEpoch, null, []);
        var store = new InMemoryRunStore();
        store.Add(run);
        var at = DateTimeOffset.UnixEpoch;
        foreach (var step in new IRunStep[] { new ClusterStep(), new NodeTuningStep(ClusterLabFake.FastWaits), new DevicePluginStep(ClusterLabFake.FastWaits), new DpdkTestStep(ClusterLabFake.FastWaits) })
        {
            foreach (var artifact in (await step.PlanAsync(context, Token)).Artifacts)
            {
                store.AddArtifact(run.Id, step.Kind, artifact, at = at.AddSeconds(1));
            }

            await ClusterRunner.ApplyAsync(step, context);
        }

        store.AddArtifact(run.Id, StepKind.WorkerVms, new PlanArtifact("virtsriov-worker-0.xml", "xml", "<domain>planned</domain>"), at);
        store.AddArtifact(run.Id, StepKind.WorkerVms, new PlanArtifact("virtsriov-worker-0.diff", "diff", "+iommu"), at);
        store.AddArtifact(run.Id, StepKind.WorkerVms, new PlanArtifact("virtsriov-worker-0.before.xml", "xml", "<domain>before</domain>"), at);
        store.AddArtifact(run.Id, StepKind.WorkerVms, new PlanArtifact("virtsriov-worker-0.after.xml", "xml", "<domain>after</domain>"), at);

        var zip = await new BundleExporter(store).ExportAsync(run.Id, Token);

        using var archive = new ZipArchive(new MemoryStream(zip!));
        Assert.Equal(
            [
                "kcli/kcli-parameters.yml",
                "domains/virtsriov-worker-0.xml",
                "manifests/performance-profile.yaml",
                "manifests/machineconfig-crio-memlock.yaml",
                "manifests/machineconfig-vfio-pci.yaml",
                "manifests/device-plugin.yaml",
                "manifests/testpmd-pod.yaml",
                "manifests/kustomization.yaml",
            ],
            archive.Entries.Select(e => e.FullName));
        Assert.Equal("<domain>after</domain>", Read(archive, "domains/virtsriov-worker-0.xml"));
        var kustomization = ReferenceSchemas.YamlToJson(Read(archive, "manifests/kustomization.yaml"));
        Assert.Equal("Kustomization", (string?)kustomization["kind"]);
        Assert.Equal(
            ["performance-profile.yaml", "machineconfig-crio-memlock.yaml", "machineconfig-vfio-pci.yaml", "device-plugin.yaml", "testpmd-pod.yaml"],
            kustomization["resources"]!.AsArray().Select(r => (string?)r));
        Assert.Contains("kind: DaemonSet", Read(archive, "manifests/device-plugin.yaml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_UnknownRun_IsNull()
    {
        var store = new InMemoryRunStore();
        store.Add(new RunRecord(Guid.NewGuid(), Guid.NewGuid(), "lab", true, RunStatus.Active, new RunSettings(), DateTimeOffset.UnixEpoch, null, []));

        Assert.Null(await new BundleExporter(store).ExportAsync(Guid.NewGuid(), Token));
    }

    private static string Read(ZipArchive archive, string path)
    {
        using var reader = new StreamReader(archive.GetEntry(path)!.Open());
        return reader.ReadToEnd();
    }
}

using BenchmarkDotNet.Attributes;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using k8s;
using k8s.Models;

namespace VirtSriov.Benchmarks;

/// <summary>Builds and renders to YAML every manifest of a 3-worker lab (goal: &lt; 5 ms). Run with --filter *ClusterManifest* --job short.</summary>
[MemoryDiagnoser]
public class ClusterManifestBenchmark
{
    private readonly RunSettings settings = new() { Workers = ["virtsriov-worker-0", "virtsriov-worker-1", "virtsriov-worker-2"] };
    private readonly ManifestInputs inputs = new([new PciDeviceId("8086", "154c"), new PciDeviceId("8086", "1889")], 8);

    [Benchmark]
    public int RenderAllThreeWorkers()
    {
        var set = ManifestSet.Create(settings, inputs);
        IReadOnlyList<IKubernetesObject<V1ObjectMeta>> all = [.. set.NodeTuning, .. set.DevicePlugin, set.TestNamespace, set.TestpmdPod];
        return ManifestRenderer.RenderAll(all).Length;
    }
}

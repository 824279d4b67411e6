using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using Xunit;

namespace VirtSriov.Core.Tests.Cluster.Manifests;

public sealed class TestpmdPodManifestTests
{
    [Theory]
    [InlineData("1G", 4, "hugepages-1Gi", "1Gi")]
    [InlineData("2M", 1024, "hugepages-2Mi", "1Gi")]
    [InlineData("2M", 128, "hugepages-2Mi", "256Mi")]
    public void Pod_Settings_RequestsEqualLimitsWithHugepagesAndOneVf(string size, int count, string hugepageResource, string hugepageQuantity)
    {
        var settings = new RunSettings { HugepageSize = size, HugepageCount = count };

        var container = Assert.Single(TestpmdPodManifest.Pod(settings).Spec.Containers);
        var requests = container.Resources.Requests.ToDictionary(r => r.Key, r => r.Value.ToString());
        var limits = container.Resources.Limits.ToDictionary(r => r.Key, r => r.Value.ToString());

        Assert.Equal(requests, limits);
        Assert.Equal("1", requests["openshift.io/intelnics"]);
        Assert.Equal(hugepageQuantity, requests[hugepageResource]);
        Assert.Contains("memory", requests.Keys);
        Assert.Contains("cpu", requests.Keys);
    }

    [Fact]
    public void Pod_SecurityContext_IsUnprivilegedWithIpcLockOnly()
    {
        var security = TestpmdPodManifest.Pod(new RunSettings()).Spec.Containers[0].SecurityContext;

        Assert.False(security.Privileged);
        Assert.False(security.AllowPrivilegeEscalation);
        Assert.Equal(["IPC_LOCK"], security.Capabilities.Add);
        Assert.Equal(["ALL"], security.Capabilities.Drop);
    }

    [Fact]
    public void Script_CustomResource_ReadsItsPciDeviceVariableAndRunsTestpmdInVaMode()
    {
        var settings = new RunSettings { ResourcePrefix = "example.com", ResourceName = "x710", TestpmdSeconds = 20 };

        var script = TestpmdPodManifest.Script(settings);

        Assert.Contains("${PCIDEVICE_EXAMPLE_COM_X710%%,*}", script, StringComparison.Ordinal);
        Assert.Contains("timeout --signal=INT 20 dpdk-testpmd -l \"$cpus\" -a \"$pci\" --iova-mode=va -- --auto-start --stats-period 1 --forward-mode=txonly", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Pod_Always_RunsOnceOnAWorker()
    {
        var pod = TestpmdPodManifest.Pod(new RunSettings());

        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal("", pod.Spec.NodeSelector[ClusterNames.WorkerRoleLabel]);
        Assert.Equal("15", pod.Metadata.Annotations[ManifestNames.TestpmdSecondsAnnotation]);
    }
}

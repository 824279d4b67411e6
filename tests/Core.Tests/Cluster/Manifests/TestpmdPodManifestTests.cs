using System.Diagnostics;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Manifests;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;
using Xunit;

namespace VirtSriov.Core.Tests.Cluster.Manifests;

public sealed class TestpmdPodManifestTests
{
    private const string Variable = "PCIDEVICE_OPENSHIFT_IO_INTELNICS";

    /// <summary>The EAL arguments that stand in for the two VFs where none exist.</summary>
    private const string NullDevices = "--no-huge -m 1024 --no-pci --no-shconf --vdev net_null0 --vdev net_null1";

    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("1G", 4, "hugepages-1Gi", "1Gi")]
    [InlineData("2M", 1024, "hugepages-2Mi", "1Gi")]
    [InlineData("2M", 128, "hugepages-2Mi", "256Mi")]
    public void Pod_Settings_RequestsEqualLimitsWithHugepagesAndTwoVfs(string size, int count, string hugepageResource, string hugepageQuantity)
    {
        var settings = new RunSettings { HugepageSize = size, HugepageCount = count };

        var container = Assert.Single(TestpmdPodManifest.Pod(settings, openShift: true).Spec.Containers);
        var requests = container.Resources.Requests.ToDictionary(r => r.Key, r => r.Value.ToString());
        var limits = container.Resources.Limits.ToDictionary(r => r.Key, r => r.Value.ToString());

        Assert.Equal(requests, limits);
        Assert.Equal("2", requests["openshift.io/intelnics"]);
        Assert.Equal(hugepageQuantity, requests[hugepageResource]);
        Assert.Contains("memory", requests.Keys);
        Assert.Contains("cpu", requests.Keys);
    }

    [Fact]
    public void Pod_OpenShift_FitsRestrictedV2AndRequiresIt()
    {
        var pod = TestpmdPodManifest.Pod(new RunSettings(), openShift: true);
        var container = pod.Spec.Containers[0].SecurityContext;

        Assert.Equal("restricted-v2", pod.Metadata.Annotations["openshift.io/required-scc"]);
        Assert.True(pod.Spec.SecurityContext.RunAsNonRoot);
        Assert.Null(pod.Spec.SecurityContext.RunAsUser);
        Assert.Equal("RuntimeDefault", pod.Spec.SecurityContext.SeccompProfile.Type);
        Assert.False(container.Privileged);
        Assert.False(container.AllowPrivilegeEscalation);
        Assert.Null(container.Capabilities.Add);
        Assert.Equal(["ALL"], container.Capabilities.Drop);
    }

    [Fact]
    public void Pod_PlainKubernetes_NamesANonRootUidInARestrictedNamespace()
    {
        var pod = TestpmdPodManifest.Pod(new RunSettings(), openShift: false);
        var labels = TestpmdPodManifest.Namespace().Metadata.Labels;

        Assert.Equal(65534, pod.Spec.SecurityContext.RunAsUser);
        Assert.True(pod.Spec.SecurityContext.RunAsNonRoot);
        Assert.Equal("restricted", labels["pod-security.kubernetes.io/enforce"]);
    }

    [Fact]
    public void Pod_Always_RunsOnceOnAWorker()
    {
        var pod = TestpmdPodManifest.Pod(new RunSettings(), openShift: true);

        Assert.Equal("Never", pod.Spec.RestartPolicy);
        Assert.Equal("", pod.Spec.NodeSelector[ClusterNames.WorkerRoleLabel]);
        Assert.Equal("15", pod.Metadata.Annotations[ManifestNames.TestpmdSecondsAnnotation]);
    }

    [Fact]
    public async Task Script_RunWithTwoDevicePluginVfsOnNullDevices_PrintsUidAndForwardsMacToMacUntilFinalStatistics()
    {
        // Arrange: the variable as the device plugin sets it; the null devices replace the allow-list.
        var settings = new RunSettings { TestpmdSeconds = 5 };
        var environment = new Dictionary<string, string>
        {
            [Variable] = "0000:00:13.0,0000:00:13.2",
            [TestpmdPodManifest.DeviceArgumentsOverride] = NullDevices + " --file-prefix=virtsriov-script-" + Guid.NewGuid().ToString("N")[..8],
        };

        // Act
        var (exitCode, lines) = await RunScriptAsync(settings, environment);
        var summary = await TestpmdLogReader.ReadAsync(
            lines.ToAsyncEnumerable(), new RecordingStepLog(), new TestpmdReadOptions(SimulatedDevices: true), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(0, exitCode);
        Assert.Equal(TestpmdPodManifest.UidLinePrefix + CurrentUid(), lines[0]);
        var macs = Assert.Single(lines, l => l.StartsWith("virtsriov: port 0 is ", StringComparison.Ordinal));
        Assert.Matches("^virtsriov: port 0 is ([0-9A-F]{2}:){5}[0-9A-F]{2}, port 1 is ([0-9A-F]{2}:){5}[0-9A-F]{2}$", macs);
        Assert.Contains(lines, l => l.StartsWith("mac packet forwarding - ports=2", StringComparison.Ordinal));
        Assert.True(summary.Finished, "testpmd printed no final forward statistics");
        Assert.Equal([0, 1], summary.Ports.Select(p => p.Port));
        Assert.True(summary.Sent > 0 && summary.Received > 0, $"sent {summary.Sent}, received {summary.Received}");
        Assert.Empty(summary.Failures);
    }

    [Fact]
    public async Task Script_OnlyOneVfAllocated_ExitsNamingTheVariable()
    {
        var environment = new Dictionary<string, string> { [Variable] = "0000:00:13.0" };

        var (exitCode, lines) = await RunScriptAsync(new RunSettings(), environment);

        Assert.Equal(1, exitCode);
        Assert.Contains(lines, l => l.Contains($"{Variable}='0000:00:13.0' lists fewer than 2 VFs", StringComparison.Ordinal));
    }

    private static string CurrentUid() =>
        File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t', StringSplitOptions.RemoveEmptyEntries)[1];

    private static async Task<(int ExitCode, List<string> Lines)> RunScriptAsync(RunSettings settings, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(TestpmdPodManifest.Script(settings));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ScriptTimeout);
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var lines = (await stdout + await stderr).Split('\n').ToList();
            return (process.ExitCode, lines);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}

using System.Globalization;
using VirtSriov.Core.Steps;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>
/// The unprivileged dpdk-testpmd pod: guaranteed QoS (requests = limits) with hugepages, two CPUs and one VF.
/// Security choice: not privileged, no privilege escalation, every capability dropped except IPC_LOCK (DPDK
/// locks its hugepage memory); NET_RAW is not needed by a vfio-pci PMD. runAsNonRoot is not forced because
/// testpmd images run as root by default and refuse to start otherwise; on OpenShift the SCC assigns a
/// non-root UID anyway, which works because of <c>--iova-mode=va</c> and CRI-O's memlock default.
/// </summary>
public static class TestpmdPodManifest
{
    /// <summary>
    /// txonly: with one VF there is no peer to receive from, so the pod sends generated packets; Tx &gt; 0 then proves
    /// the VF, vfio and the IOMMU mapping work from an unprivileged container.
    /// </summary>
    public const string ForwardMode = "txonly";

    private const string Cpus = "2";

    private const string Memory = "1Gi";

    public static V1Namespace Namespace() => new()
    {
        ApiVersion = "v1",
        Kind = V1Namespace.KubeKind,
        Metadata = new V1ObjectMeta { Name = ManifestNames.TestNamespace },
    };

    public static V1Pod Pod(RunSettings settings)
    {
        var resources = new Dictionary<string, ResourceQuantity>
        {
            [Hugepages.ResourceName(settings.HugepageSize)] = new(Hugepages.PodQuantity(settings)),
            ["memory"] = new(Memory),
            ["cpu"] = new(Cpus),
            [settings.FullResourceName] = new("1"),
        };
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = V1Pod.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = ManifestNames.TestpmdPod,
                NamespaceProperty = ManifestNames.TestNamespace,
                Annotations = new Dictionary<string, string>
                {
                    [ManifestNames.TestpmdSecondsAnnotation] = settings.TestpmdSeconds.ToString(CultureInfo.InvariantCulture),
                },
            },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                NodeSelector = new Dictionary<string, string> { [ClusterNames.WorkerRoleLabel] = "" },
                Containers =
                [
                    new V1Container
                    {
                        Name = "testpmd",
                        Image = settings.TestpmdImage,
                        Command = ["/bin/bash", "-c", Script(settings)],
                        SecurityContext = new V1SecurityContext
                        {
                            Privileged = false,
                            AllowPrivilegeEscalation = false,
                            Capabilities = new V1Capabilities { Add = ["IPC_LOCK"], Drop = ["ALL"] },
                        },
                        Resources = new V1ResourceRequirements
                        {
                            Requests = resources,
                            Limits = new Dictionary<string, ResourceQuantity>(resources),
                        },
                        VolumeMounts = [new V1VolumeMount { Name = "hugepages", MountPath = "/dev/hugepages" }],
                    },
                ],
                Volumes = [new V1Volume { Name = "hugepages", EmptyDir = new V1EmptyDirVolumeSource { Medium = "HugePages" } }],
            },
        };
    }

    /// <summary>
    /// Takes the first allocated VF from the device plugin's variable and the CPUs the pod was pinned to, then
    /// forwards for the configured seconds; SIGINT makes testpmd print its final statistics before it exits.
    /// </summary>
    public static string Script(RunSettings settings)
    {
        var variable = DevicePluginEnvironment.PciDeviceVariable(settings.FullResourceName);
        return string.Join(
            '\n',
            "set -eu",
            $"pci=\"${{{variable}%%,*}}\"",
            "cpus=\"$(taskset -c -p $$ | sed 's/.*: //')\"",
            string.Create(
                CultureInfo.InvariantCulture,
                $"exec timeout --signal=INT {settings.TestpmdSeconds} dpdk-testpmd -l \"$cpus\" -a \"$pci\" --iova-mode=va -- --auto-start --stats-period 1 --forward-mode={ForwardMode}"));
    }
}

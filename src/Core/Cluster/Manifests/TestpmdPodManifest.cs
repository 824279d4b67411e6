using System.Globalization;
using VirtSriov.Core.Steps;
using k8s.Models;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>
/// The unprivileged dpdk-testpmd pod: guaranteed QoS (requests = limits) with hugepages, two CPUs and two VFs of the
/// same PF. It fits OpenShift's restricted-v2 SCC and the Kubernetes "restricted" Pod Security level: non-root, no
/// privilege escalation, every capability dropped, seccomp RuntimeDefault. No IPC_LOCK: the CRI-O memlock ulimit
/// (the Node tuning step's MachineConfig) is what lets a non-root DPDK process lock memory, and <c>--iova-mode=va</c>
/// needs no physical addresses.
/// </summary>
public static class TestpmdPodManifest
{
    /// <summary>
    /// One pod with two VFs in mac forwarding rather than two pods: each port sends to the other VF's MAC, so every
    /// packet crosses the NIC's switch from one VF to the other and is counted on both sides by one testpmd, whose
    /// final statistics then give sent, received and lost without matching two logs across nodes.
    /// </summary>
    public const string ForwardMode = "mac";

    /// <summary>Packet length testpmd generates for <c>--tx-first</c> (<c>--txpkts</c>), without the FCS.</summary>
    public const int PacketBytes = 64;

    /// <summary>VFs the pod requests: a sender and a receiver.</summary>
    public const int Vfs = 2;

    /// <summary>Pins SCC admission on OpenShift; without it a cluster-admin's pod may land on anyuid or privileged.</summary>
    public const string RequiredSccAnnotation = "openshift.io/required-scc";

    /// <summary>The SCC admission wrote back.</summary>
    public const string AdmittedSccAnnotation = "openshift.io/scc";

    public const string RequiredScc = "restricted-v2";

    /// <summary>The first line the pod prints, with the uid its processes run as.</summary>
    public const string UidLinePrefix = "virtsriov: uid=";

    /// <summary>
    /// Tests only: replaces the <c>-a</c> allow-list with other EAL device arguments (DPDK null devices), so the real
    /// script runs where no VF exists. The device plugin never sets it.
    /// </summary>
    public const string DeviceArgumentsOverride = "VIRTSRIOV_TESTPMD_DEVICE_ARGS";

    /// <summary>A uid for plain Kubernetes, where nothing assigns one and the image's own user may be root.</summary>
    public const long PlainKubernetesUid = 65534;

    private const string Cpus = "2";

    private const string Memory = "1Gi";

    /// <summary>The test namespace; its Pod Security labels make a plain Kubernetes API server refuse any pod that is not restricted.</summary>
    public static V1Namespace Namespace() => new()
    {
        ApiVersion = "v1",
        Kind = V1Namespace.KubeKind,
        Metadata = new V1ObjectMeta
        {
            Name = ManifestNames.TestNamespace,
            Labels = new Dictionary<string, string>
            {
                ["pod-security.kubernetes.io/enforce"] = "restricted",
                ["pod-security.kubernetes.io/audit"] = "restricted",
                ["pod-security.kubernetes.io/warn"] = "restricted",
            },
        },
    };

    /// <param name="settings">The run's settings.</param>
    /// <param name="openShift">On OpenShift the SCC assigns the uid from the namespace's range; elsewhere the pod names one.</param>
    private static Dictionary<string, string> Annotations(RunSettings settings, Guid? runId)
    {
        var annotations = new Dictionary<string, string>
        {
            [ManifestNames.TestpmdSecondsAnnotation] = settings.TestpmdSeconds.ToString(CultureInfo.InvariantCulture),
            [RequiredSccAnnotation] = RequiredScc,
        };
        if (runId is { } run)
        {
            annotations[ManifestNames.RunAnnotation] = run.ToString("D");
        }

        return annotations;
    }

    public static V1Pod Pod(RunSettings settings, bool openShift, Guid? runId = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var resources = new Dictionary<string, ResourceQuantity>
        {
            [Hugepages.ResourceName(settings.HugepageSize)] = new(Hugepages.PodQuantity(settings)),
            ["memory"] = new(Memory),
            ["cpu"] = new(Cpus),
            [settings.FullResourceName] = new(Vfs.ToString(CultureInfo.InvariantCulture)),
        };
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = V1Pod.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = ManifestNames.TestpmdPod,
                NamespaceProperty = ManifestNames.TestNamespace,
                Annotations = Annotations(settings, runId),
            },
            Spec = new V1PodSpec
            {
                RestartPolicy = "Never",
                NodeSelector = new Dictionary<string, string> { [ClusterNames.WorkerRoleLabel] = "" },
                SecurityContext = new V1PodSecurityContext
                {
                    RunAsNonRoot = true,
                    RunAsUser = openShift ? null : PlainKubernetesUid,
                    RunAsGroup = openShift ? null : PlainKubernetesUid,
                    SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
                },
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
                            RunAsNonRoot = true,
                            Capabilities = new V1Capabilities { Drop = ["ALL"] },
                            SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
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
    /// Prints the uid, takes the two allocated VFs from the device plugin's variable and the CPUs the pod was pinned to,
    /// reads the VFs' MACs (the PF assigned them; testpmd prints them when it probes the ports), then forwards for the
    /// configured seconds with each port addressing the other VF. SIGINT makes testpmd print its final statistics.
    /// </summary>
    public static string Script(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var variable = DevicePluginEnvironment.PciDeviceVariable(settings.FullResourceName);
        return string.Join(
            '\n',
            "set -euo pipefail",
            $"echo \"{UidLinePrefix}$(id -u)\"",
            $"IFS=, read -r pci0 pci1 _ <<< \"${{{variable}:-}},,\"",
            "if [ -z \"$pci1\" ]; then",
            $"  echo \"virtsriov: {variable}='${{{variable}:-}}' lists fewer than {Vfs} VFs; the pod requests {Vfs}\" >&2",
            "  exit 1",
            "fi",
            "devices=(-a \"$pci0\" -a \"$pci1\")",
            $"if [ -n \"${{{DeviceArgumentsOverride}:-}}\" ]; then read -r -a devices <<< \"${DeviceArgumentsOverride}\"; fi",
            "cpus=\"$(taskset -c -p $$ | sed 's/.*: //')\"",
            "eal=(-l \"$cpus\" \"${devices[@]}\" --iova-mode=va)",
            "macs=($(dpdk-testpmd \"${eal[@]}\" -- -i --total-num-mbufs=8192 <<< quit 2>&1 | sed -n 's/^Port [01]: \\([0-9A-Fa-f:]\\{17\\}\\)$/\\1/p'))",
            "if [ \"${#macs[@]}\" -ne 2 ]; then echo \"virtsriov: testpmd did not show the two VFs' MAC addresses\" >&2; exit 1; fi",
            "echo \"virtsriov: port 0 is ${macs[0]}, port 1 is ${macs[1]}\"",
            string.Create(
                CultureInfo.InvariantCulture,
                $"timeout --signal=INT {settings.TestpmdSeconds} dpdk-testpmd \"${{eal[@]}}\" -- --forward-mode={ForwardMode} --tx-first --txpkts={PacketBytes} --auto-start --stats-period 1 --total-num-mbufs=8192 --eth-peer=\"0,${{macs[1]}}\" --eth-peer=\"1,${{macs[0]}}\" && status=0 || status=$?"),
            "# 124: timeout stopped testpmd after the planned seconds, which is the test ending as planned.",
            "if [ \"$status\" -eq 124 ]; then exit 0; fi",
            "exit \"$status\"");
    }
}

using System.Globalization;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>
/// On a cluster that is not OpenShift there is no Machine Config Operator and no Node Tuning Operator: the kernel
/// arguments, hugepages, vfio-pci binding and the container runtime's memlock limit are set on each worker by hand
/// (or by the operator's own configuration management). These are the manual equivalents of the three tuning
/// objects, as text artifacts of the Node tuning plan.
/// </summary>
public static class PlainKubernetesTuning
{
    public static IReadOnlyList<PlanArtifact> Artifacts(RunSettings settings, IReadOnlyList<PciDeviceId> vfDevices)
    {
        var hugepages = string.Create(
            CultureInfo.InvariantCulture,
            $"default_hugepagesz={settings.HugepageSize} hugepagesz={settings.HugepageSize} hugepages={settings.HugepageCount}");
        var kernelArgs = string.Join(' ', NodeTuningManifests.KernelArguments) + " " + hugepages;
        return
        [
            new PlanArtifact(
                "manual-kernel-arguments.txt",
                "text",
                $"""
                Instead of the PerformanceProfile (hugepages, vIOMMU, iavf off), on every worker:

                  # Fedora/RHEL/CentOS family
                  sudo grubby --update-kernel=ALL --args="{kernelArgs}"
                  # Debian/Ubuntu: append to GRUB_CMDLINE_LINUX in /etc/default/grub, then
                  sudo update-grub

                Reboot the worker (drain it first: kubectl drain <node> --ignore-daemonsets).
                Check afterwards: cat /proc/cmdline; kubectl get node <node> -o jsonpath='{"{"}.status.allocatable{"}"}' shows {Hugepages.ResourceName(settings.HugepageSize)}.
                CPU isolation (the PerformanceProfile's reserved/isolated CPUs) maps to the kubelet's
                --cpu-manager-policy=static with --reserved-cpus=0-1.

                """),
            new PlanArtifact(
                "manual-vfio-pci.txt",
                "text",
                $"""
                Instead of the vfio-pci MachineConfig, on every worker:

                  echo "options vfio-pci ids={string.Join(',', vfDevices)}" | sudo tee /etc/modprobe.d/vfio.conf
                  echo vfio-pci | sudo tee /etc/modules-load.d/vfio-pci.conf
                  # rebuild the initramfs so vfio-pci claims the VFs before iavf: dracut -f (RHEL) or update-initramfs -u (Debian)

                """),
            new PlanArtifact(
                "manual-container-runtime-memlock.txt",
                "text",
                """
                Instead of the CRI-O memlock MachineConfig (DPDK locks its memory; Kubernetes has no ulimit field):

                  containerd: containers inherit containerd's limits, so raise them with a systemd drop-in
                    sudo mkdir -p /etc/systemd/system/containerd.service.d
                    printf '[Service]\nLimitMEMLOCK=infinity\n' | sudo tee /etc/systemd/system/containerd.service.d/memlock.conf
                    sudo systemctl daemon-reload && sudo systemctl restart containerd

                  CRI-O: the same drop-in as on OpenShift
                    printf '[crio.runtime]\ndefault_ulimits = ["memlock=-1:-1"]\n' | sudo tee /etc/crio/crio.conf.d/99-memlock
                    sudo systemctl restart crio

                The device plugin needs no SCC RoleBinding here; its namespace must allow privileged pods
                (Pod Security admission: pod-security.kubernetes.io/enforce=privileged, the default when unset).

                """),
        ];
    }
}

using System.Globalization;
using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Processes;
using VirtSriov.TestDoubles;

namespace VirtSriov.Benchmarks;

/// <summary>
/// A host tree for the preflight benchmark in a temporary folder: 8 Intel X710-like PFs with 64 VFs each (all on
/// vfio-pci, each in its own IOMMU group), an active VT-d unit with interrupt remapping, and the procfs, module and
/// firmware files the checks read.
/// </summary>
internal static class PreflightBenchmarkTree
{
    public const int PhysicalFunctions = 8;
    public const int VfsPerPf = 64;

    private const string Release = "6.1.0-27-amd64";

    /// <summary>Writes the tree into a new temporary folder and returns it.</summary>
    public static string Generate()
    {
        var root = Directory.CreateTempSubdirectory("virtsriov-preflight-bench-").FullName;
        for (var pf = 0; pf < PhysicalFunctions; pf++)
        {
            WritePf(root, pf);
        }

        WriteHost(root);
        return root;
    }

    /// <summary>PF <paramref name="pf"/>'s address: one PCI bus per PF.</summary>
    /// <summary>The benchmark's lab: the tree at <paramref name="root"/> through the real filesystem seam, real programs, no cluster.</summary>
    public static ILabEnvironment Lab(string root) => new FakeLab(new RealSysfs(root), Hypervisor(), new ProcessRunner())
    {
        Lab = new(Guid.Empty, "preflight benchmark", LabKind.Host, root, "test:///preflight-benchmark", false, DateTimeOffset.UnixEpoch),
    };

    /// <summary>Libvirt as the benchmark sees it: two running 16 GiB workers holding two VFs of the first PF each.</summary>
    private static FakeHypervisor Hypervisor() => FakeHypervisor.WithHostdevs(
        Enumerable.Range(0, 2).ToDictionary(worker => $"virtsriov-worker-{worker}", worker => (IReadOnlyList<string>)[VfAddress(0, worker * 2), VfAddress(0, (worker * 2) + 1)]),
        "test:///preflight-benchmark",
        new Version(10, 0, 0));

    public static string PfAddress(int pf) => Invariant($"0000:{0x18 + (pf * 0x10):x2}:00.0");

    /// <summary>VF <paramref name="vf"/> of PF <paramref name="pf"/> (offset 16, stride 1, as on an X710).</summary>
    public static string VfAddress(int pf, int vf)
    {
        var devfn = 0x10 + vf;
        return Invariant($"0000:{0x18 + (pf * 0x10):x2}:{devfn >> 3:x2}.{devfn & 7:x}");
    }

    private static void WritePf(string root, int pf)
    {
        var address = PfAddress(pf);
        var dev = $"/sys/bus/pci/devices/{address}";
        var netdev = Invariant($"ens{pf + 1}f0");
        var group = Invariant($"{pf * 100}");
        File(root, $"{dev}/vendor", "0x8086\n");
        File(root, $"{dev}/device", "0x1572\n");
        File(root, $"{dev}/sriov_totalvfs", Invariant($"{VfsPerPf}\n"));
        File(root, $"{dev}/sriov_numvfs", Invariant($"{VfsPerPf}\n"));
        File(root, $"{dev}/sriov_offset", "16\n");
        File(root, $"{dev}/sriov_stride", "1\n");
        File(root, $"{dev}/sriov_vf_device", "154c\n");
        File(root, $"{dev}/sriov_drivers_autoprobe", "0\n");
        File(root, $"{dev}/numa_node", Invariant($"{pf % 2}\n"));
        File(root, $"{dev}/net/{netdev}/operstate", "up\n");
        File(root, $"{dev}/net/{netdev}/speed", "10000\n");
        File(root, $"{dev}/net/{netdev}/flags", "0x1003\n");
        Link(root, $"{dev}/driver", "../../../bus/pci/drivers/i40e");
        Link(root, $"{dev}/iommu_group", $"../../../kernel/iommu_groups/{group}");
        Directory.CreateDirectory(Map(root, $"/sys/kernel/iommu_groups/{group}/devices/{address}"));
        for (var vf = 0; vf < VfsPerPf; vf++)
        {
            var vfAddress = VfAddress(pf, vf);
            var vfDev = $"/sys/bus/pci/devices/{vfAddress}";
            var vfGroup = Invariant($"{(pf * 100) + vf + 1}");
            File(root, $"{vfDev}/vendor", "0x8086\n");
            File(root, $"{vfDev}/device", "0x154c\n");
            Link(root, $"{vfDev}/driver", "../../../bus/pci/drivers/vfio-pci");
            Link(root, $"{vfDev}/iommu_group", $"../../../kernel/iommu_groups/{vfGroup}");
            Link(root, $"{vfDev}/physfn", $"../{address}");
            Link(root, Invariant($"{dev}/virtfn{vf}"), $"../{vfAddress}");
            Directory.CreateDirectory(Map(root, $"/sys/kernel/iommu_groups/{vfGroup}/devices/{vfAddress}"));
        }
    }

    private static void WriteHost(string root)
    {
        File(root, "/proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: fpu vme vmx ept\n\n");
        File(root, "/proc/cmdline", "ro quiet intel_iommu=on iommu=pt\n");
        File(root, "/proc/meminfo", "MemTotal:       527712848 kB\nMemFree:        402653184 kB\nMemAvailable:   436207616 kB\n");
        File(root, "/proc/interrupts", "           CPU0\n  0:  28  IR-IO-APIC  2-edge  timer\n 121:  1024  IR-PCI-MSIX-0000:18:00.0  0-edge  ens1f0\n");
        File(root, "/proc/net/route", "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neno1\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n");
        File(root, "/proc/sys/kernel/osrelease", Release + "\n");
        File(root, "/dev/kvm", "");
        File(root, "/sys/devices/virtual/iommu/dmar0/intel-iommu/ecap", "f050da\n");
        Link(root, "/sys/class/iommu/dmar0", "../../devices/virtual/iommu/dmar0");
        File(root, "/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages", "64\n");
        File(root, "/sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages", "64\n");
        foreach (var module in new[] { "vfio", "vfio_pci", "vfio_iommu_type1" })
        {
            Directory.CreateDirectory(Map(root, $"/sys/module/{module}"));
        }

        File(root, "/usr/share/OVMF/OVMF_CODE_4M.fd", "");
        File(root, "/usr/share/qemu/firmware/40-edk2-x86_64.json", "{ \"interface-types\": [ \"uefi\" ], \"targets\": [ { \"architecture\": \"x86_64\" } ] }\n");
    }

    private static void File(string root, string hostPath, string content)
    {
        var full = Map(root, hostPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
    }

    private static void Link(string root, string hostPath, string target)
    {
        var full = Map(root, hostPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        System.IO.File.CreateSymbolicLink(full, target);
    }

    private static string Map(string root, string hostPath) => root + hostPath;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

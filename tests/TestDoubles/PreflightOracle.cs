using VirtSriov.Core.Processes;

namespace VirtSriov.TestDoubles;

/// <summary>
/// The preflight errors the machine the tests run on must produce, read from the kernel's and the distribution's own
/// files and programs, independently of the checks.
/// </summary>
public static class PreflightOracle
{
    private static readonly string[] ModuleLists = ["modules.dep", "modules.builtin"];
    private static readonly string[] OvmfFolders = ["/usr/share/OVMF", "/usr/share/edk2/ovmf", "/usr/share/edk2/x64", "/usr/share/edk2-ovmf/x64"];
    private static readonly string[] DescriptorFolders = ["/etc/qemu/firmware", "/usr/share/qemu/firmware"];
    private static readonly string[] Emulators = ["qemu-system-x86_64", "/usr/libexec/qemu-kvm"];

    /// <summary>Whether this machine has an active IOMMU (the oracle speaks of machines without one, as the CI machine).</summary>
    public static bool HasActiveIommu =>
        Directory.Exists("/sys/class/iommu") && Directory.EnumerateFileSystemEntries("/sys/class/iommu").Any();

    public static async Task<List<string>> ExpectedErrorsAsync(CancellationToken cancellationToken)
    {
        var cpuinfo = await File.ReadAllTextAsync("/proc/cpuinfo", cancellationToken);
        var cpuFlags = cpuinfo.Split('\n').FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(' ') ?? [];
        var cmdline = (await File.ReadAllTextAsync("/proc/cmdline", cancellationToken)).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var release = (await File.ReadAllTextAsync("/proc/sys/kernel/osrelease", cancellationToken)).Trim();
        var modules = string.Join('\n', ModuleLists.Select(f => $"/lib/modules/{release}/{f}").Where(File.Exists).Select(File.ReadAllText));
        var vfioAvailable = new[] { ("vfio", "/vfio.ko"), ("vfio_pci", "/vfio-pci.ko"), ("vfio_iommu_type1", "/vfio_iommu_type1.ko") }
            .All(m => Directory.Exists($"/sys/module/{m.Item1}") || modules.Contains(m.Item2, StringComparison.Ordinal));
        var intelSriovNic = Directory.EnumerateDirectories("/sys/bus/pci/devices")
            .Any(d => File.Exists(Path.Combine(d, "sriov_totalvfs")) && File.ReadAllText(Path.Combine(d, "vendor")).Trim() == "0x8086");

        var expected = new List<string> { "iommu.enabled" };
        AddWhen(expected, !cpuinfo.Contains("GenuineIntel", StringComparison.Ordinal), "cpu.vendor");
        AddWhen(expected, !cpuFlags.Contains("vmx"), "cpu.virtualization");
        AddWhen(expected, !File.Exists("/dev/kvm"), "kvm.device");
        AddWhen(expected, !cmdline.Contains("intel_iommu=on"), "iommu.cmdline");
        AddWhen(expected, !vfioAvailable, "vfio.modules");
        AddWhen(expected, !await QemuOffersIntelIommuAsync(cancellationToken), "qemu.intel-iommu");
        AddWhen(expected, !HasOvmf(), "ovmf.firmware");
        AddWhen(expected, !intelSriovNic, "sriov.intel");
        return expected;
    }

    /// <summary>An OVMF image or an x86_64 UEFI firmware descriptor where distributions install them.</summary>
    private static bool HasOvmf() =>
        OvmfFolders.Any(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "OVMF_CODE*.fd").Any())
        || DescriptorFolders.Any(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "*.json").Select(File.ReadAllText).Any(t => t.Contains("\"uefi\"", StringComparison.Ordinal) && t.Contains("\"x86_64\"", StringComparison.Ordinal)));

    /// <summary>The Debian or the RHEL emulator lists the intel-iommu device.</summary>
    private static async Task<bool> QemuOffersIntelIommuAsync(CancellationToken cancellationToken)
    {
        foreach (var emulator in Emulators)
        {
            try
            {
                var help = await new ProcessRunner().RunAsync(emulator, ["-device", "help"], cancellationToken);
                return help.StandardOutput.Contains("\"intel-iommu\"", StringComparison.Ordinal);
            }
            catch (ProgramNotFoundException)
            {
                // not this distribution's name
            }
        }

        return false;
    }

    private static void AddWhen(List<string> ids, bool condition, string id)
    {
        if (condition)
        {
            ids.Add(id);
        }
    }
}

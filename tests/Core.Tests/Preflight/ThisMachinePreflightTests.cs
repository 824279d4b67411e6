using VirtSriov.Core.Host;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Tests.Preflight.Support;

namespace VirtSriov.Core.Tests.Preflight;

/// <summary>
/// The doctor on the machine the tests run on, as <c>virtsriov preflight</c> sees it (real root, real programs, no
/// libvirt connection). The expected errors are read from the kernel's and the distribution's own files, independently
/// of the checks.
/// </summary>
public sealed class ThisMachinePreflightTests
{
    private static readonly string[] ModuleLists = ["modules.dep", "modules.builtin"];
    private static readonly string[] OvmfFolders = ["/usr/share/OVMF", "/usr/share/edk2/ovmf", "/usr/share/edk2/x64", "/usr/share/edk2-ovmf/x64"];
    private static readonly string[] DescriptorFolders = ["/etc/qemu/firmware", "/usr/share/qemu/firmware"];
    private static readonly string[] Emulators = ["qemu-system-x86_64", "/usr/libexec/qemu-kvm"];

    [Fact]
    public async Task ExamineAsync_ThisMachine_ReportsExactlyWhatIsMissing()
    {
        // Arrange
        Assert.SkipWhen(
            Directory.Exists("/sys/class/iommu") && Directory.EnumerateFileSystemEntries("/sys/class/iommu").Any(),
            "SKIPPED: this machine has an active IOMMU; the test proves the report on a machine without one (the CI machine).");
        var cancellationToken = TestContext.Current.CancellationToken;
        var expected = await ExpectedErrorsAsync(cancellationToken);
        var lab = new PreflightTestLab(new RealSysfs("/"), new PreflightTestHypervisor("none:///", null), new ProcessRunner());

        // Act
        var report = await new PreflightDoctor(TimeProvider.System).ExamineAsync(lab, cancellationToken);

        // Assert
        Assert.False(report.Simulated);
        Assert.Equal(expected.Order(StringComparer.Ordinal), report.Errors.Select(f => f.Id).Order(StringComparer.Ordinal));
        Assert.All(report.Findings.Where(f => f.Severity is FindingSeverity.Error or FindingSeverity.Warning), f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Why), $"{f.Id} says why it matters");
            Assert.False(string.IsNullOrWhiteSpace(f.Fix), $"{f.Id} gives a fix");
        });
        Assert.Equal(FindingSeverity.Info, Assert.Single(report.Findings, f => f.Id == "iommu.intremap").Severity);
        Assert.Equal(FindingSeverity.Warning, Assert.Single(report.Findings, f => f.Id == "libvirt.version").Severity);
    }

    private static async Task<List<string>> ExpectedErrorsAsync(CancellationToken cancellationToken)
    {
        var cpuinfo = File.ReadAllText("/proc/cpuinfo");
        var cpuFlags = cpuinfo.Split('\n').FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(' ') ?? [];
        var cmdline = File.ReadAllText("/proc/cmdline").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var modules = string.Join('\n', ModuleLists.Select(f => $"/lib/modules/{release}/{f}").Where(File.Exists).Select(File.ReadAllText));
        var vfioAvailable = new[] { ("vfio", "/vfio.ko"), ("vfio_pci", "/vfio-pci.ko"), ("vfio_iommu_type1", "/vfio_iommu_type1.ko") }
            .All(m => Directory.Exists($"/sys/module/{m.Item1}") || modules.Contains(m.Item2, StringComparison.Ordinal));
        var intelSriovNic = Directory.EnumerateDirectories("/sys/bus/pci/devices")
            .Any(d => File.Exists(Path.Combine(d, "sriov_totalvfs")) && File.ReadAllText(Path.Combine(d, "vendor")).Trim() == "0x8086");
        var ovmf = OvmfFolders
            .Any(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "OVMF_CODE*.fd").Any())
            || DescriptorFolders
                .Any(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "*.json").Select(File.ReadAllText).Any(t => t.Contains("\"uefi\"", StringComparison.Ordinal) && t.Contains("\"x86_64\"", StringComparison.Ordinal)));

        var expected = new List<string> { "iommu.enabled" };
        AddWhen(expected, !cpuinfo.Contains("GenuineIntel", StringComparison.Ordinal), "cpu.vendor");
        AddWhen(expected, !cpuFlags.Contains("vmx"), "cpu.virtualization");
        AddWhen(expected, !File.Exists("/dev/kvm"), "kvm.device");
        AddWhen(expected, !cmdline.Contains("intel_iommu=on"), "iommu.cmdline");
        AddWhen(expected, !vfioAvailable, "vfio.modules");
        AddWhen(expected, !await QemuOffersIntelIommuAsync(cancellationToken), "qemu.intel-iommu");
        AddWhen(expected, !ovmf, "ovmf.firmware");
        AddWhen(expected, !intelSriovNic, "sriov.intel");
        return expected;
    }

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

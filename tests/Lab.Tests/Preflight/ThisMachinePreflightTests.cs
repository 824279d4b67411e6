using System.Text.Json;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Runs;
using VirtSriov.Lab.Tests.TestSupport;

namespace VirtSriov.Lab.Tests.Preflight;

/// <summary><c>virtsriov preflight --json</c> on the machine the tests run on (a CI machine without an IOMMU).</summary>
public sealed class ThisMachinePreflightTests
{
    private static readonly string[] OvmfFolders = ["/usr/share/OVMF", "/usr/share/edk2/ovmf", "/usr/share/edk2/x64", "/usr/share/edk2-ovmf/x64"];
    private static readonly string[] Emulators = ["qemu-system-x86_64", "/usr/libexec/qemu-kvm"];
    private static readonly string[] DescriptorFolders = ["/etc/qemu/firmware", "/usr/share/qemu/firmware"];

    [Fact]
    public async Task PreflightJson_OnMachineWithoutIommu_ReportsExactlyWhatIsMissing()
    {
        // Arrange: what this machine lacks, read from the kernel's own files, independently of the checks.
        Assert.SkipWhen(
            Directory.Exists("/sys/class/iommu") && Directory.EnumerateFileSystemEntries("/sys/class/iommu").Any(),
            "SKIPPED: this machine has an active IOMMU; the test proves the report on a machine without one (the CI machine).");
        var expected = ExpectedErrors();
        var cancellationToken = TestContext.Current.CancellationToken;

        // Act
        var run = await VirtsriovCli.RunAsync(["preflight", "--json"], cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);

        // Assert
        Assert.True(run.ExitCode == 1, $"preflight should exit 1 when checks fail; exit {run.ExitCode}: {run.StandardError}");
        var report = JsonSerializer.Deserialize<PreflightReport>(run.StandardOutput, RunJson.Options)!;
        Assert.False(report.Simulated);
        Assert.Equal(expected.Order(), report.Errors.Select(f => f.Id).Order());
        Assert.All(report.Errors, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Why), $"{f.Id} says why it matters");
            Assert.False(string.IsNullOrWhiteSpace(f.Fix), $"{f.Id} gives a fix");
        });
        Assert.Contains("intel_iommu=on", report.Errors.Single(f => f.Id == "iommu.enabled").Fix, StringComparison.Ordinal);
    }

    private static List<string> ExpectedErrors()
    {
        var cpuinfo = File.ReadAllText("/proc/cpuinfo");
        var cmdline = File.ReadAllText("/proc/cmdline").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var modulesDep = $"/lib/modules/{release}/modules.dep";
        var vfioAvailable = Directory.Exists("/sys/module/vfio_pci")
            || (File.Exists(modulesDep) && File.ReadAllText(modulesDep).Contains("/vfio-pci.ko", StringComparison.Ordinal));
        var intelSriovNic = Directory.EnumerateDirectories("/sys/bus/pci/devices")
            .Any(d => File.Exists(Path.Combine(d, "sriov_totalvfs")) && File.ReadAllText(Path.Combine(d, "vendor")).Trim() == "0x8086");
        var cpuFlags = cpuinfo.Split('\n').FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(' ') ?? [];

        var expected = new List<string> { "iommu.enabled" };
        AddWhen(expected, !cpuinfo.Contains("GenuineIntel", StringComparison.Ordinal), "cpu.vendor");
        AddWhen(expected, !cpuFlags.Contains("vmx"), "cpu.virtualization");
        AddWhen(expected, !File.Exists("/dev/kvm"), "kvm.device");
        AddWhen(expected, !cmdline.Contains("intel_iommu=on"), "iommu.cmdline");
        AddWhen(expected, !vfioAvailable, "vfio.modules");
        AddWhen(expected, !intelSriovNic, "sriov.intel");
        AddWhen(expected, !HasOvmf(), "ovmf.firmware");
        AddWhen(expected, !QemuOffersIntelIommu(), "qemu.intel-iommu");
        return expected;
    }

    /// <summary>An OVMF image or an x86_64 UEFI firmware descriptor where distributions install them.</summary>
    private static bool HasOvmf() =>
        OvmfFolders.Any(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "OVMF_CODE*.fd").Any())
        || DescriptorFolders.Any(d => Directory.Exists(d) && Directory.EnumerateFiles(d, "*.json").Select(File.ReadAllText).Any(t => t.Contains("\"uefi\"", StringComparison.Ordinal) && t.Contains("\"x86_64\"", StringComparison.Ordinal)));

    /// <summary>The Debian or the RHEL emulator lists the intel-iommu device.</summary>
    private static bool QemuOffersIntelIommu() =>
        Emulators.Any(emulator =>
        {
            try
            {
                using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(emulator, ["-device", "help"]) { RedirectStandardOutput = true })!;
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return output.Contains("name \"intel-iommu\"", StringComparison.Ordinal);
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return false;
            }
        });

    private static void AddWhen(List<string> ids, bool condition, string id)
    {
        if (condition)
        {
            ids.Add(id);
        }
    }
}

using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class QemuCheckTests : IDisposable
{
    private const string DeviceHelp = "Misc devices:\nname \"intel-iommu\", bus System, desc \"Intel IOMMU (VT-d) DMA Remapping device\"\nname \"igb\", bus PCI\n";
    private readonly PreflightTestTree tree = new();
    private readonly QemuCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_TestDriver_NotApplicableAndRunsNothing()
    {
        var processes = new ScriptedProcessRunner();
        var lab = new FakeLab(tree.Sysfs, new FakeHypervisor("test:///default", new Version(9, 0)), processes);

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(FindingSeverity.Info, finding.Severity);
        Assert.Empty(processes.Calls);
    }

    [Fact]
    public async Task RunAsync_RemoteHypervisor_WarnsUnknownWithTheCommandToRunThere()
    {
        var processes = new ScriptedProcessRunner();
        var lab = new FakeLab(tree.Sysfs, new FakeHypervisor("qemu+ssh://root@hv1/system", new Version(9, 0)), processes);

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.Contains("-device help | grep intel-iommu", finding.Fix, StringComparison.Ordinal);
        Assert.Empty(processes.Calls);
    }

    [Fact]
    public async Task RunAsync_LocalQemuWithIntelIommu_IsOkWithVersion()
    {
        var processes = new ScriptedProcessRunner()
            .Answer("qemu-system-x86_64", ["--version"], new ProcessResult(0, "QEMU emulator version 8.2.2 (Debian 1:8.2.2+ds-0ubuntu1)\n", ""))
            .Answer("qemu-system-x86_64", ["-device", "help"], new ProcessResult(0, DeviceHelp, ""));
        var lab = new FakeLab(tree.Sysfs, new FakeHypervisor("qemu:///system", new Version(9, 0)), processes);

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Equal("QEMU 8.2.2 (qemu-system-x86_64) offers intel-iommu", finding.Observed);
    }

    [Fact]
    public async Task RunAsync_RhelEmulatorWithoutIntelIommu_IsError()
    {
        var processes = new ScriptedProcessRunner()
            .Answer("/usr/libexec/qemu-kvm", ["--version"], new ProcessResult(0, "QEMU emulator version 9.1.0 (qemu-kvm-9.1.0-15.el9)\n", ""))
            .Answer("/usr/libexec/qemu-kvm", ["-device", "help"], new ProcessResult(0, "name \"virtio-net-pci\", bus PCI\n", ""));
        var lab = new FakeLab(tree.Sysfs, new FakeHypervisor("qemu:///system", new Version(9, 0)), processes);

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Equal("QEMU 9.1.0 (/usr/libexec/qemu-kvm) does not offer intel-iommu", finding.Observed);
    }

    [Fact]
    public async Task RunAsync_NoEmulator_IsErrorWithThePackagesToInstall()
    {
        var lab = new FakeLab(tree.Sysfs, new FakeHypervisor("qemu:///system", new Version(9, 0)), new ScriptedProcessRunner());

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("qemu-system-x86", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("qemu-kvm", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ThisMachinesQemu_ReportsWhatTheEmulatorSays()
    {
        var lab = new FakeLab(tree.Sysfs, new FakeHypervisor("qemu:///system", new Version(9, 0)), new ProcessRunner());
        ProcessResult help;
        try
        {
            help = await new ProcessRunner().RunAsync("qemu-system-x86_64", ["-device", "help"], Token);
        }
        catch (ProgramNotFoundException)
        {
            Assert.Skip("SKIPPED: qemu-system-x86_64 is not installed on this machine; the check's real path needs it.");
            return;
        }

        var finding = Assert.Single(await check.RunAsync(lab.Context(), Token));

        var offers = help.StandardOutput.Contains("name \"intel-iommu\"", StringComparison.Ordinal);
        Assert.Equal(offers ? FindingSeverity.Ok : FindingSeverity.Error, finding.Severity);
        Assert.Matches(@"^QEMU \d+\.\d+(\.\d+)? \(qemu-system-x86_64\)", finding.Observed);
    }

    public void Dispose() => tree.Dispose();
}

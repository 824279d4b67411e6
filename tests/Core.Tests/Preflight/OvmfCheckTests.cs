using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class OvmfCheckTests : IDisposable
{
    private readonly PreflightTestTree tree = new();
    private readonly OvmfCheck check = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_SimulatedLab_FindsTheDescriptor()
    {
        using var simulated = new HostTestTree();

        var finding = Assert.Single(await check.RunAsync(new FakeLab(simulated.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Ok, finding.Severity);
        Assert.Contains("/usr/share/qemu/firmware/40-edk2-x86_64-secure-enrolled.json", finding.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ImageWithoutDescriptor_IsWarning()
    {
        tree.File("/usr/share/edk2/ovmf/OVMF_CODE.fd", "")
            .File("/usr/share/qemu/firmware/60-aarch64.json", "{ \"interface-types\": [ \"uefi\" ], \"targets\": [ { \"architecture\": \"aarch64\" } ] }");

        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Warning, finding.Severity);
        Assert.StartsWith("/usr/share/edk2/ovmf/OVMF_CODE.fd but no x86_64 UEFI descriptor", finding.Observed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Nothing_IsErrorWithThePackages()
    {
        var finding = Assert.Single(await check.RunAsync(new FakeLab(tree.Sysfs).Context(), Token));

        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("apt install ovmf", finding.Fix, StringComparison.Ordinal);
        Assert.Contains("os firmware='efi'", finding.Why, StringComparison.Ordinal);
    }

    public void Dispose() => tree.Dispose();
}

using VirtSriov.Core.Host;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Libvirt;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

/// <summary>
/// The doctor on the machine the tests run on, as <c>virtsriov preflight</c> sees it (real root, real programs, no
/// libvirt connection). The expected errors are read from the kernel's and the distribution's own files, independently
/// of the checks.
/// </summary>
public sealed class ThisMachinePreflightTests
{
    [Fact]
    public async Task ExamineAsync_ThisMachine_ReportsExactlyWhatIsMissing()
    {
        // Arrange
        Assert.SkipWhen(
            PreflightOracle.HasActiveIommu,
            "SKIPPED: this machine has an active IOMMU; the test proves the report on a machine without one (the CI machine).");
        var cancellationToken = TestContext.Current.CancellationToken;
        var expected = await PreflightOracle.ExpectedErrorsAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        var lab = new FakeLab(new RealSysfs("/"), FakeHypervisor.Unreachable(UnconnectedHypervisor.NoUri), new ProcessRunner());

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
}

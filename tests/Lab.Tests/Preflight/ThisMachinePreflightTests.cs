using System.Text.Json;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Lab.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Lab.Tests.Preflight;

/// <summary><c>virtsriov preflight --json</c> on the machine the tests run on (a CI machine without an IOMMU).</summary>
public sealed class ThisMachinePreflightTests
{
    [Fact]
    public async Task PreflightJson_OnMachineWithoutIommu_ReportsExactlyWhatIsMissing()
    {
        // Arrange: what this machine lacks, read from the kernel's own files, independently of the checks.
        Assert.SkipWhen(
            PreflightOracle.HasActiveIommu,
            "SKIPPED: this machine has an active IOMMU; the test proves the report on a machine without one (the CI machine).");
        var cancellationToken = TestContext.Current.CancellationToken;
        var expected = await PreflightOracle.ExpectedErrorsAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);

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
}

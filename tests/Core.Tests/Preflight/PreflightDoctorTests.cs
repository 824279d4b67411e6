using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.TestSupport;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

public sealed class PreflightDoctorTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExamineAsync_CheckThatCannotRead_BecomesAWarningAndTheOthersStillRun()
    {
        using var tree = new HostTestTree();
        var doctor = new PreflightDoctor(TimeProvider.System, [new BrokenCheck(), new KvmCheck()]);

        var report = await doctor.ExamineAsync(new FakeLab(tree.Sysfs), Token);

        var failed = Assert.Single(report.Findings, f => f.Id == "broken.failed");
        Assert.Equal(FindingSeverity.Warning, failed.Severity);
        Assert.Equal("could not run: IOException: permission denied (test)", failed.Observed);
        Assert.Equal(FindingSeverity.Ok, Assert.Single(report.Findings, f => f.Id == "kvm.device").Severity);
    }

    [Fact]
    public async Task ExamineAsync_PlannedPf_IsMarkedInTheNicFinding()
    {
        using var tree = new HostTestTree();

        var report = await new PreflightDoctor(TimeProvider.System).ExamineAsync(new FakeLab(tree.Sysfs), new RunSettings { PfAddress = "0000:5e:00.0" }, Token);

        Assert.Equal("SR-IOV NIC 0000:5e:00.0 (planned PF)", Assert.Single(report.Findings, f => f.Id == "sriov.nic.0000:5e:00.0").Title);
        Assert.Equal("SR-IOV NIC 0000:3b:00.0", Assert.Single(report.Findings, f => f.Id == "sriov.nic.0000:3b:00.0").Title);
    }

    private sealed class BrokenCheck : IPreflightCheck
    {
        public string Id => "broken";

        public Task<IReadOnlyList<StepFinding>> RunAsync(PreflightContext context, CancellationToken cancellationToken) =>
            throw new IOException("permission denied (test)");
    }
}

using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Tests.Preflight.Support;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Preflight;

/// <summary>Workers that run under TCG (type='qemu', the emulated lab) need no KVM, VT-x or Intel CPU: warnings, not blockers.</summary>
public sealed class TcgWorkersTests : IDisposable
{
    private const string AmdWithoutVmx = "vendor_id\t: AuthenticAMD\nflags\t\t: fpu sse sse2 svm\n";

    private static readonly string[] HardwareIds = ["cpu.vendor", "cpu.virtualization", "kvm.device"];

    private readonly PreflightTestTree tree = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Examine_AmdHostWithoutKvmAndTcgWorkers_HardwareFindingsAreWarningsSayingWhy()
    {
        tree.File("/proc/cpuinfo", AmdWithoutVmx);
        var lab = Lab(("virtsriov-worker-0", "qemu"));

        var findings = await Examine(lab, "virtsriov-worker-0");

        Assert.All(HardwareIds, id =>
        {
            var finding = Assert.Single(findings, f => f.Id == id);
            Assert.Equal(FindingSeverity.Warning, finding.Severity);
            Assert.Contains("type='qemu'", finding.Observed, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Examine_OneKvmWorker_HardwareFindingsStayErrors()
    {
        tree.File("/proc/cpuinfo", AmdWithoutVmx);
        var lab = Lab(("virtsriov-worker-0", "qemu"), ("virtsriov-worker-1", "kvm"));

        var findings = await Examine(lab, "virtsriov-worker-0", "virtsriov-worker-1");

        Assert.All(findings.Where(f => f.Id is "cpu.vendor" or "cpu.virtualization" or "kvm.device"), f => Assert.Equal(FindingSeverity.Error, f.Severity));
        Assert.Equal(3, findings.Count(f => f.Id is "cpu.vendor" or "cpu.virtualization" or "kvm.device"));
    }

    public void Dispose() => tree.Dispose();

    private static async Task<IReadOnlyList<StepFinding>> Examine(FakeLab lab, params string[] workers) =>
        (await new PreflightDoctor(TimeProvider.System, [new CpuCheck(), new KvmCheck()]).ExamineAsync(lab, new RunSettings { Workers = workers }, Token)).Findings;

    private FakeLab Lab(params (string Name, string Type)[] domains) =>
        new(tree.Sysfs, new FakeHypervisor("qemu+ssh://root@127.0.0.1:2222/system", new Version(9, 0), domains.ToDictionary(
            d => d.Name,
            d => (FakeHypervisor.Domain(d.Name, 1).Replace("type='kvm'", $"type='{d.Type}'", StringComparison.Ordinal), false))));
}

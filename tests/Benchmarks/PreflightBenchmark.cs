using BenchmarkDotNet.Attributes;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Preflight;
using VirtSriov.Core.Steps;

namespace VirtSriov.Benchmarks;

/// <summary>
/// The whole preflight doctor on a host with 8 Intel PFs × 64 VFs (issue #4 goal: &lt; 100 ms), reading a generated
/// tree through the real filesystem seam. Run: <c>dotnet run -c Release --project tests/Benchmarks -- --filter *Preflight* --job short --inProcess</c> (in process: the generated out-of-process project inherits the tests' global <c>using Xunit</c> and does not build).
/// </summary>
[MemoryDiagnoser]
public class PreflightBenchmark
{
    private string root = "";
    private ILabEnvironment? lab;
    private readonly PreflightDoctor doctor = new(TimeProvider.System);
    private readonly RunSettings settings = new() { PfAddress = PreflightBenchmarkTree.PfAddress(0), VfCount = 8 };

    [GlobalSetup]
    public void Setup()
    {
        root = PreflightBenchmarkTree.Generate();
        lab = PreflightBenchmarkTree.Lab(root);
        var report = doctor.ExamineAsync(lab, settings, CancellationToken.None).GetAwaiter().GetResult();
        var nics = report.Findings.Count(f => f.Id.StartsWith("sriov.nic.", StringComparison.Ordinal) && f.Severity == FindingSeverity.Ok);
        if (nics != PreflightBenchmarkTree.PhysicalFunctions || report.HasErrors)
        {
            throw new InvalidOperationException($"The benchmark tree is not what preflight should see: {nics} OK NICs, errors: {string.Join("; ", report.Errors.Select(e => $"{e.Id}: {e.Observed}"))}");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(root, recursive: true);

    [Benchmark]
    public Task<PreflightReport> Examine8PfsX64Vfs() => doctor.ExamineAsync(lab!, settings, CancellationToken.None);
}

using BenchmarkDotNet.Attributes;
using VirtSriov.Core.Libvirt;

namespace VirtSriov.Benchmarks;

/// <summary>
/// Patch one kcli-shaped worker (i440fx, BIOS, 16 GiB, 8 vCPUs) for two VFs, then validate in-process: re-parse the
/// output and check the passthrough invariants (<see cref="PatchedDomainInvariants"/>). Target: median &lt; 2 ms.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CallsPerSecondConfig))]
public class DomainPatcherBenchmark
{
    private static readonly Version Libvirt9 = new(9, 0, 0);
    private static readonly string[] Vfs = ["0000:3b:02.0", "0000:3b:02.1"];

    private string kcliWorker = "";

    [GlobalSetup]
    public void Setup() => kcliWorker = KcliDomainTemplate.Render("virtsriov-worker-0", "virtsriov", 16L * 1024 * 1024, 8);

    [Benchmark]
    public int PatchAndValidate()
    {
        var result = DomainPatcher.Patch(kcliWorker, Vfs, Libvirt9);
        var problems = PatchedDomainInvariants.Check(result.Xml, Vfs);
        return problems.Count == 0 ? result.Changes.Count : throw new InvalidOperationException(string.Join("; ", problems));
    }
}

using BenchmarkDotNet.Attributes;
using VirtSriov.Core.Libvirt;

namespace VirtSriov.Benchmarks;

/// <summary>
/// Round trips through the real libvirt.so.0 with the in-process test driver (<c>test:///default</c>): one operation
/// is one libvirt call (OperationsPerInvoke), so the Op/s column reads as calls per second.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(CallsPerSecondConfig))]
public class LibvirtCallsBenchmark
{
    private LibvirtConnection? shared;

    /// <summary>The test driver; a property so the benchmarks stay instance methods, as BenchmarkDotNet needs.</summary>
    public string Uri { get; set; } = "test:///default";

    [GlobalSetup]
    public void Setup() => shared = LibvirtConnection.Open(Uri);

    [GlobalCleanup]
    public void Cleanup() => shared?.Dispose();

    /// <summary>virConnectOpen, virDomainLookupByName, virDomainGetXMLDesc, virConnectClose (+ virDomainFree, virDomainGetName).</summary>
    [Benchmark(OperationsPerInvoke = 4)]
    public int OpenLookupGetXmlClose()
    {
        using var connection = LibvirtConnection.Open(Uri);
        using var domain = connection.LookupDomain("test");
        return domain.GetXml(inactive: false).Length;
    }

    /// <summary>virDomainLookupByName and virDomainGetXMLDesc on an open connection, as the hypervisor seam does.</summary>
    [Benchmark(OperationsPerInvoke = 2)]
    public int LookupGetXml()
    {
        using var domain = shared!.LookupDomain("test");
        return domain.GetXml(inactive: true).Length;
    }

}

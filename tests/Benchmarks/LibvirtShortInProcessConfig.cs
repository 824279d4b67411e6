using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace VirtSriov.Benchmarks;

/// <summary>
/// A short job run in-process: the project BenchmarkDotNet would generate inherits the tests' global usings (Xunit)
/// without the package and does not build. Adds Op/s, which reads as calls/s where one operation is one libvirt call.
/// </summary>
public sealed class LibvirtShortInProcessConfig : ManualConfig
{
    public LibvirtShortInProcessConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.OperationsPerSecond, StatisticColumn.Median);
    }
}

using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;

namespace VirtSriov.Benchmarks;

/// <summary>Adds Op/s, which reads as calls/s where one operation is one libvirt call, and the median.</summary>
public sealed class CallsPerSecondConfig : ManualConfig
{
    public CallsPerSecondConfig() => AddColumn(StatisticColumn.OperationsPerSecond, StatisticColumn.Median);
}

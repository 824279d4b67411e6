using System.Runtime.CompilerServices;
using VirtSriov.Core.Testpmd;
using VirtSriov.Core.Tests.Testpmd;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>Plays fixed testpmd output and records the duration it was asked to run for.</summary>
internal sealed class ClusterTestpmdFake(IReadOnlyList<string> lines) : ILocalTestpmd
{
    /// <summary>Real output of dpdk-testpmd on two null ports in mac forwarding, as the test pod runs it, with its final blocks.</summary>
    public static IReadOnlyList<string> Forwarding { get; } = TestpmdData.ReadLines(TestpmdData.NullMacFinal);

    public static IReadOnlyList<string> NoDevice { get; } =
    [
        "EAL: Detected CPU lcores: 2",
        "EAL: Cannot open /dev/vfio/5: Permission denied",
        "EAL: Requested device 0000:00:05.0 cannot be used",
        "testpmd: No probed ethernet devices",
    ];

    public List<TimeSpan> Durations { get; } = [];

    public async IAsyncEnumerable<string> RunAsync(string filePrefix, TimeSpan duration, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Durations.Add(duration);
        foreach (var line in lines)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return line;
        }
    }
}

using System.Runtime.CompilerServices;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Core.Tests.Cluster;

/// <summary>Plays fixed testpmd output and records the duration it was asked to run for.</summary>
internal sealed class ClusterTestpmdFake(IReadOnlyList<string> lines) : ILocalTestpmd
{
    public static IReadOnlyList<string> Forwarding { get; } =
    [
        "EAL: Detected CPU lcores: 2",
        "EAL: Selected IOVA mode 'VA'",
        "Port 0: 52:54:00:12:34:60",
        "Start automatic packet forwarding",
        "  ######################## NIC statistics for port 0  ########################",
        "  RX-packets: 0          RX-missed: 0          RX-bytes:  0",
        "  TX-packets: 1843200    TX-errors: 0          TX-bytes:  117964800",
        "  ############################################################################",
    ];

    public static IReadOnlyList<string> NoDevice { get; } =
    [
        "EAL: Detected CPU lcores: 2",
        "EAL: Cannot open /dev/vfio/5: Permission denied",
        "EAL: Requested device 0000:00:05.0 cannot be used",
        "testpmd: No probed ethernet devices",
    ];

    public List<TimeSpan> Durations { get; } = [];

    public async IAsyncEnumerable<string> RunAsync(TimeSpan duration, [EnumeratorCancellation] CancellationToken cancellationToken)
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

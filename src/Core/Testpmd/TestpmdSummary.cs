namespace VirtSriov.Core.Testpmd;

/// <summary>The outcome of reading one testpmd run's output.</summary>
/// <param name="Ports">One entry per port that reported statistics, ordered by port number.</param>
/// <param name="SampleCount">Statistics blocks read, all ports together.</param>
/// <param name="Failures">Failures recognised in the output, each once, in order of appearance.</param>
public sealed record TestpmdSummary(IReadOnlyList<TestpmdPortSummary> Ports, int SampleCount, IReadOnlyList<TestpmdFailure> Failures)
{
    public long PeakRxPps => Ports.Count == 0 ? 0 : Ports.Max(p => p.PeakRxPps);

    public long PeakTxPps => Ports.Count == 0 ? 0 : Ports.Max(p => p.PeakTxPps);

    /// <summary>Packets forwarded: statistics arrived, traffic was counted on every port and nothing failed.</summary>
    public bool Forwarded => Failures.Count == 0 && Ports.Count > 0 && Ports.All(p => p.RxPackets > 0 && p.TxPackets > 0);
}

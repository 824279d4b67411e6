namespace VirtSriov.Core.Testpmd;

/// <summary>What the caller knows about a testpmd run that its output does not say.</summary>
/// <param name="SimulatedDevices">DPDK null devices: their "link" is fixed and carries nothing, so no line rate.</param>
/// <param name="PacketBytes">The <c>--txpkts</c> length the caller configured; testpmd's own "packet len=" line wins when printed.</param>
/// <param name="TestAttempt">Stamped on every sample so each test run in a run keeps its own series.</param>
public sealed record TestpmdReadOptions(bool SimulatedDevices = false, int? PacketBytes = null, Guid TestAttempt = default)
{
    public static TestpmdReadOptions Default { get; } = new();
}

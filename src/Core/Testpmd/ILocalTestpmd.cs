namespace VirtSriov.Core.Testpmd;

/// <summary>
/// Runs the real <c>dpdk-testpmd</c> on this machine on DPDK null devices (no NIC, no hugepages),
/// so the simulated lab's "pod" produces real statistics output.
/// </summary>
public interface ILocalTestpmd
{
    /// <summary>
    /// Output lines of testpmd, for <paramref name="duration"/>, then testpmd is stopped cleanly.
    /// <paramref name="filePrefix"/> (<see cref="TestpmdFilePrefix"/>) names its run in the process list.
    /// </summary>
    IAsyncEnumerable<string> RunAsync(string filePrefix, TimeSpan duration, CancellationToken cancellationToken);
}

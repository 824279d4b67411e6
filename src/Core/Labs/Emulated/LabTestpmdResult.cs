using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Core.Labs.Emulated;

/// <summary>What dpdk-testpmd did on the VFs, as the product's parser read it, with its raw output.</summary>
/// <param name="Arguments">The full argument list, starting with the program that runs it.</param>
/// <param name="Uid">The uid testpmd ran as, read from <c>/proc/PID/status</c> while it forwarded; null when it never forwarded.</param>
/// <param name="IovaMode">The IOVA mode the EAL selected (<c>VA</c>, <c>PA</c>), or null.</param>
/// <param name="Summary">Per-port counters and peak rates, and recognised failures.</param>
/// <param name="Samples">Every statistics block in order.</param>
/// <param name="ExitCode">testpmd's exit code.</param>
/// <param name="Output">Every line testpmd printed.</param>
public sealed record LabTestpmdResult(
    IReadOnlyList<string> Arguments,
    int? Uid,
    string? IovaMode,
    TestpmdSummary Summary,
    IReadOnlyList<ThroughputSample> Samples,
    int? ExitCode,
    IReadOnlyList<string> Output);

namespace VirtSriov.Core.Host;

/// <summary>An <c>ip</c> command a fidelity snapshot ran, and what iproute2 (with the kernel behind it) answered.</summary>
/// <param name="Id">Stable id, e.g. <c>vf.set-all</c>, <c>vf.multicast-mac</c>.</param>
/// <param name="Arguments">Arguments after <c>ip</c>, with the PF's interface name.</param>
/// <param name="ExitCode">ip's exit code.</param>
/// <param name="StandardOutput">What it printed (the <c>ip link show</c> text for <c>show</c>).</param>
/// <param name="StandardError">Its error message, e.g. <c>RTNETLINK answers: Invalid argument</c>.</param>
public sealed record IpLinkProbe(string Id, IReadOnlyList<string> Arguments, int ExitCode, string StandardOutput, string StandardError);

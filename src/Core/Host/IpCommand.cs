using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host;

/// <summary>Runs <c>ip</c> (iproute2) through the lab's process runner, with an argument list.</summary>
internal static class IpCommand
{
    /// <summary>Standard output of <c>ip arguments…</c>; <see cref="IpCommandException"/> when it exits non-zero.</summary>
    public static async Task<string> RunAsync(IProcessRunner processes, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await processes.RunAsync("ip", arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (ProgramNotFoundException e)
        {
            throw new ActionableException(
                "The ip program (iproute2) is not installed, so the VFs' MAC, trust, spoof checking and VLAN cannot be set on the PF.",
                "Install iproute2 (apt-get install iproute2 / dnf install iproute), then apply again.",
                "ip " + string.Join(' ', arguments),
                inner: e);
        }

        return result.Succeeded ? result.StandardOutput : throw new IpCommandException(arguments, result.ExitCode, result.StandardError);
    }
}

using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;

namespace VirtSriov.Lab.Tests.TestSupport;

/// <summary>
/// This machine's own libvirtd (qemu:///system; Debian's libvirt-daemon-system), for worker VMs under TCG without
/// nesting. As root it starts the daemons when qemu:///system does not answer (hosts without systemd, like CI
/// containers), also when a daemon that died left its socket behind.
/// </summary>
public static class LocalLibvirt
{
    public const string Uri = "qemu:///system";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Null when qemu:///system answers, else why it cannot.</summary>
    public static async Task<string?> EnsureRunningAsync(CancellationToken cancellationToken)
    {
        var failure = TryConnect();
        if (failure is null || !Environment.IsPrivilegedProcess)
        {
            return failure is null ? null : NotAnswering(failure);
        }

        var runner = new ProcessRunner();
        var started = new List<string>();
        foreach (var daemon in new[] { "virtlogd", "libvirtd" })
        {
            try
            {
                // A daemon that already runs refuses a second start and exits non-zero: that is fine here.
                var result = await runner.RunAsync(daemon, ["-d"], cancellationToken);
                started.Add($"{daemon} -d: exit {result.ExitCode} {result.StandardError.Trim()}");
            }
            catch (ProgramNotFoundException)
            {
                return $"{daemon} is not installed: run sudo bash scripts/install-prereqs.sh --lab";
            }
        }

        var deadline = DateTime.UtcNow + StartTimeout;
        while ((failure = TryConnect()) is not null && DateTime.UtcNow < deadline)
        {
            // The daemon just started: its socket comes up within a few seconds.
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        return failure is null ? null : $"{NotAnswering(failure)}; after starting it: {string.Join("; ", started)}";
    }

    private static string? TryConnect()
    {
        try
        {
            using var connection = LibvirtConnection.Open(Uri);
            return null;
        }
        catch (LibvirtException e)
        {
            return e.LibvirtMessage;
        }
    }

    private static string NotAnswering(string failure) =>
        $"{Uri} does not answer ({failure}): start libvirtd (as root: libvirtd -d)";
}

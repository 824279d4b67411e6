using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;

namespace VirtSriov.Lab.Tests.TestSupport;

/// <summary>
/// This machine's own libvirtd (qemu:///system; Debian's libvirt-daemon-system), for worker VMs under TCG without
/// nesting. As root it starts the daemons when their socket is missing (hosts without systemd, like CI containers).
/// </summary>
public static class LocalLibvirt
{
    public const string Uri = "qemu:///system";

    private const string Socket = "/run/libvirt/libvirt-sock";

    /// <summary>Null when qemu:///system answers, else why it cannot.</summary>
    public static async Task<string?> EnsureRunningAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Socket) && Environment.IsPrivilegedProcess)
        {
            var runner = new ProcessRunner();
            foreach (var daemon in new[] { "virtlogd", "libvirtd" })
            {
                try
                {
                    await runner.RunAsync(daemon, ["-d"], cancellationToken);
                }
                catch (ProgramNotFoundException)
                {
                    return $"{daemon} is not installed: run sudo bash scripts/install-prereqs.sh --lab";
                }
            }
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var connection = LibvirtConnection.Open(Uri);
                return null;
            }
            catch (LibvirtException) when (attempt < 20)
            {
                // The daemon just started: its socket comes up within a few seconds.
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
            catch (LibvirtException e)
            {
                return $"{Uri} does not answer ({e.LibvirtMessage}): start libvirtd (as root: libvirtd -d)";
            }
        }
    }
}

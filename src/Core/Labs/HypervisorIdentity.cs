using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Labs;

/// <summary>
/// Which machine a lab's host steps change: labs with the same identity share one hypervisor (and its one active run),
/// whatever their names. A remote lab is its SSH host and port (any user); a local one this machine's root folder; the
/// simulated and imported emulated labs are their own.
/// </summary>
public static class HypervisorIdentity
{
    public static string Of(LabDefinition lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        if (lab.Kind != LabKind.Host)
        {
            return $"lab:{lab.Id}";
        }

        try
        {
            var uri = LibvirtUri.Parse(lab.LibvirtUri);
            return SshTarget.From(uri) is { } target
                ? $"ssh:{target.Host.ToLowerInvariant()}:{target.Port}"
                : uri.IsRemote ? $"remote:{uri.Host!.ToLowerInvariant()}" : $"local:{Path.GetFullPath(lab.SysfsRoot)}";
        }
        catch (ActionableException)
        {
            return $"lab:{lab.Id}";
        }
    }
}

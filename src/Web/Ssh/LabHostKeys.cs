using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Web.Ssh;

/// <summary>Host keys through the dashboard's known_hosts (<see cref="SshKeyStore"/>); a trusted key reopens the lab's connections.</summary>
public sealed class LabHostKeys(SshKeyStore keys, LabEnvironmentCache environments) : ILabHostKeys
{
    public async Task<HostKeyState?> CheckAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        if (Target(lab) is not { } target)
        {
            return null;
        }

        var credentials = await keys.GetAsync(target, cancellationToken).ConfigureAwait(false);
        return await Task.Run(() => HostKeyState.Check(target, credentials), cancellationToken).ConfigureAwait(false);
    }

    public async Task ConfirmAsync(LabDefinition lab, string fingerprint, CancellationToken cancellationToken)
    {
        var target = Target(lab) ?? throw new ActionableException(
            $"Lab '{lab.Name}' is not reached over SSH (qemu+ssh://), so it has no host key to trust.",
            "Only qemu+ssh:// labs have a host key; GET /api/labs lists the labs.",
            field: "LibvirtUri");
        var credentials = await keys.GetAsync(target, cancellationToken).ConfigureAwait(false);
        await Task.Run(() => HostKeyConfirmation.Confirm(target, credentials, fingerprint), cancellationToken).ConfigureAwait(false);
        await environments.EvictAsync(lab.Id).ConfigureAwait(false);
    }

    private static SshTarget? Target(LabDefinition lab)
    {
        try
        {
            return lab.Kind == LabKind.Host ? SshTarget.From(LibvirtUri.Parse(lab.LibvirtUri)) : null;
        }
        catch (ActionableException)
        {
            return null;
        }
    }
}

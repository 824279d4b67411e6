using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Labs;

namespace VirtSriov.Web.Ssh;

/// <summary>The SSH host keys of labs reached over <c>qemu+ssh://</c>: what each host offers, and trusting one once confirmed.</summary>
public interface ILabHostKeys
{
    /// <summary>What the lab's host offers; null when the lab is not reached over SSH.</summary>
    Task<HostKeyState?> CheckAsync(LabDefinition lab, CancellationToken cancellationToken);

    /// <summary>Trusts the host's key when it still offers <paramref name="fingerprint"/>, and reopens the lab.</summary>
    /// <exception cref="VirtSriov.Core.Steps.ActionableException">The lab is not reached over SSH, or its host now offers another key.</exception>
    Task ConfirmAsync(LabDefinition lab, string fingerprint, CancellationToken cancellationToken);
}

using VirtSriov.Core.Labs;

namespace VirtSriov.Web.EmulatedLab;

/// <summary>The emulated lab booted as a remote hypervisor the wizard drives over SSH (see <see cref="EmulatedHypervisorHost"/>).</summary>
public interface IEmulatedHypervisor
{
    bool IsRunning { get; }

    /// <summary>Boots the guest (unless it runs) and returns its lab, registered on first use.</summary>
    Task<LabDefinition> StartAsync(CancellationToken cancellationToken);

    /// <summary>Powers the guest off; nothing when it is not running.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}

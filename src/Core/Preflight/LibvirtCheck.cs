using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>The lab's libvirt: reachable through its URI, and recent enough for the vIOMMU the recipe writes.</summary>
public sealed class LibvirtCheck : IPreflightCheck
{
    /// <summary>The release that added the <c>intremap</c> and <c>caching_mode</c> driver attributes of <c>&lt;iommu model='intel'&gt;</c>.</summary>
    public static Version MinimumVersion { get; } = new(3, 4, 0);

    private const string Title = "libvirt";

    public string Id => "libvirt";

    public async Task<IReadOnlyList<StepFinding>> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hypervisor = context.Lab.Hypervisor;
        Version version;
        try
        {
            version = await hypervisor.GetLibraryVersionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidOperationException or LibvirtException)
        {
            return
            [
                new StepFinding(
                    "libvirt.version",
                    FindingSeverity.Warning,
                    Title,
                    $"not reachable through {hypervisor.Uri}: {e.Message}",
                    "The Worker VMs step redefines the workers through libvirt; its version decides the vIOMMU attributes and the memlock rule.",
                    $"Start the daemon (systemctl enable --now virtqemud.socket, or libvirtd.service on older hosts) and check the URI: virsh -c {hypervisor.Uri} version"),
            ];
        }

        var observed = $"{version} at {hypervisor.Uri}";
        if (version < MinimumVersion)
        {
            return
            [
                new StepFinding(
                    "libvirt.version",
                    FindingSeverity.Error,
                    Title,
                    observed,
                    $"libvirt before {MinimumVersion} cannot write <iommu model='intel'> with intremap and caching_mode, which VFIO behind a vIOMMU needs.",
                    "Upgrade libvirt on the hypervisor (e.g. from your distribution's backports)."),
            ];
        }

        return version < MemlockCalculator.PerDeviceRuleSince
            ? [new StepFinding(
                "libvirt.version",
                FindingSeverity.Info,
                Title,
                observed,
                $"libvirt before {MemlockCalculator.PerDeviceRuleSince} counts guest RAM once in the memlock limit even when several VFs sit behind a vIOMMU; the Worker VMs step therefore sets an explicit memtune hard_limit.")]
            : [new StepFinding("libvirt.version", FindingSeverity.Ok, Title, observed)];
    }
}

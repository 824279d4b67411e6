using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Persistence;

/// <summary>
/// What <c>virtsriov vfs-restore</c> recreates at boot (<c>/etc/virtsriov/vfs.json</c>): per PF, the run settings the
/// Virtual functions step applied, so that boot repeats exactly that step (count, attributes, vfio-pci binding).
/// </summary>
/// <param name="Version">Format version, 1.</param>
/// <param name="Functions">One entry per PF, ordered by PF address.</param>
public sealed record VfRestoreConfig(int Version, IReadOnlyList<RunSettings> Functions)
{
    public const int CurrentVersion = 1;
}

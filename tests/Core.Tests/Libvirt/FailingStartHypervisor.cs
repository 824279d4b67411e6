using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>Passes everything to a real hypervisor but refuses to start one domain once, like QEMU failing on a VF.</summary>
internal sealed class FailingStartHypervisor(IHypervisor inner, string failingDomain, string error = FailingStartHypervisor.MemlockError) : PassThroughHypervisor(inner)
{
    public const string MemlockError = "internal error: qemu unexpectedly closed the monitor: VFIO_MAP_DMA failed: Cannot allocate memory";

    private int failures;

    public override Task StartAsync(string name, CancellationToken cancellationToken) =>
        name == failingDomain && Interlocked.Increment(ref failures) == 1
            ? throw new LibvirtException($"virDomainCreate({name})", 1, 10, error)
            : base.StartAsync(name, cancellationToken);
}

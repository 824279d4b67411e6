using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Libvirt;

/// <summary>
/// Passes everything to a real hypervisor, but its guests ignore the graceful shutdown request: without consent to
/// destroy, ShutdownAsync fails as <see cref="LibvirtHypervisor"/> does at the timeout; with it, the domain is forced off.
/// </summary>
internal sealed class StubbornShutdownHypervisor(IHypervisor inner) : PassThroughHypervisor(inner)
{
    public List<bool> DestroyConsents { get; } = [];

    public override Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken)
    {
        DestroyConsents.Add(destroyAfterTimeout);
        return destroyAfterTimeout
            ? base.ShutdownAsync(name, timeout, destroyAfterTimeout, cancellationToken)
            : throw new ActionableException(
                $"Domain '{name}' did not shut down within {timeout.TotalSeconds:0} s.",
                $"Stop the VM from inside the guest, or force it off with: virsh -c {Uri} destroy {name}; then apply again.",
                failedCall: $"virDomainShutdown(\"{name}\")");
    }
}

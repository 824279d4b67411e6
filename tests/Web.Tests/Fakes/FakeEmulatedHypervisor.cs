using VirtSriov.Core.Labs;
using VirtSriov.Core.Labs.Emulated;
using VirtSriov.Core.Steps;
using VirtSriov.Web.EmulatedLab;

namespace VirtSriov.Web.Tests.Fakes;

/// <summary>The emulated hypervisor without QEMU: boots at once, or fails with <see cref="Failure"/>.</summary>
public sealed class FakeEmulatedHypervisor : IEmulatedHypervisor
{
    public ActionableException? Failure { get; set; }

    public bool IsRunning { get; private set; }

    public Task<LabDefinition> StartAsync(CancellationToken cancellationToken)
    {
        if (Failure is not null)
        {
            throw Failure;
        }

        IsRunning = true;
        return Task.FromResult(new LabDefinition(Guid.NewGuid(), EmulatedHypervisor.LabName, LabKind.Host, "/", "qemu+ssh://root@127.0.0.1:2222/system", false, DateTimeOffset.UnixEpoch));
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        IsRunning = false;
        return Task.CompletedTask;
    }
}

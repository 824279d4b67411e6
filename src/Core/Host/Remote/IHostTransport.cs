using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// How a host lab's machine is reached: every host operation (sysfs, files, programs such as ip, systemctl, testpmd,
/// kcli) goes one way, either on this machine or over SSH to the hypervisor, never a mix.
/// </summary>
public interface IHostTransport : IDisposable
{
    /// <summary>"this machine", or the SSH target, for logs and findings.</summary>
    string Description { get; }

    ISysfs Sysfs { get; }

    IHostFiles Files { get; }

    IProcessRunner Processes { get; }
}

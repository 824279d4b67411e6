using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Host.Remote;

/// <summary>The dashboard's own machine, its filesystem under a root folder (<c>/</c> on the hypervisor).</summary>
public sealed class LocalHostTransport(string root, IProcessRunner processes) : IHostTransport
{
    public string Description => "this machine";

    public ISysfs Sysfs { get; } = new RealSysfs(root);

    public IHostFiles Files { get; } = new LocalHostFiles(root);

    public IProcessRunner Processes { get; } = processes;

    public void Dispose()
    {
    }
}

using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Processes;

namespace VirtSriov.Core.Tests.TestSupport;

/// <summary>The service manager a test lab gets for its sysfs: simulated over a simulated tree, systemd over a real root.</summary>
public static class HostTestServices
{
    public static IServiceManager For(ISysfs sysfs, IProcessRunner processes) => sysfs switch
    {
        SimulatedSysfs simulated => new SimulatedServiceManager(simulated.Root),
        RealSysfs real => new SystemdServiceManager(new LocalHostFiles(real.Root), processes),
        IHostTestSysfsDecorator decorator => For(decorator.Inner, processes),
        _ => throw new NotSupportedException($"No service manager for a {sysfs.GetType().Name}."),
    };
}

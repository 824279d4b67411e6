using VirtSriov.Core.Host.Simulation;

namespace VirtSriov.Core.Tests.TestSupport;

/// <summary>A freshly generated simulated tree in its own temporary folder, deleted on dispose.</summary>
public sealed class HostTestTree : IDisposable
{
    public HostTestTree()
    {
        Parent = Directory.CreateTempSubdirectory("virtsriov-host-").FullName;
        Root = Path.Join(Parent, "lab");
        SimulatedSysfsGenerator.Generate(Root);
        Sysfs = new SimulatedSysfs(Root);
    }

    public string Parent { get; }

    public string Root { get; }

    public SimulatedSysfs Sysfs { get; }

    /// <summary>The real file or link behind a host path of the tree.</summary>
    public string Full(string hostPath) => Path.Join(Root, hostPath);

    public void Dispose() => Directory.Delete(Parent, recursive: true);
}

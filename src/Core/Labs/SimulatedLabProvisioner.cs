using Microsoft.Extensions.Options;
using VirtSriov.Core.Host.Simulation;

namespace VirtSriov.Core.Labs;

/// <summary>Creates the built-in simulated lab on first start, so a new user can walk the wizard at once.</summary>
public sealed class SimulatedLabProvisioner(ILabStore labs, IOptions<VirtSriovOptions> options)
{
    public const string LabName = "Simulated lab";

    public async Task<LabDefinition> EnsureAsync(CancellationToken cancellationToken)
    {
        var existing = (await labs.ListAsync(cancellationToken).ConfigureAwait(false)).FirstOrDefault(l => l.IsSimulated);
        if (existing is not null)
        {
            return existing;
        }

        var folder = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "labs", "simulated");
        var sysfs = Path.Combine(folder, "sysfs");
        SimulatedSysfsGenerator.Generate(sysfs);

        // A test-driver URI naming a node file gives this lab its own libvirt state, apart from test:///default.
        var node = Path.Combine(folder, "libvirt-node.xml");
        await File.WriteAllTextAsync(node, "<node/>", cancellationToken).ConfigureAwait(false);
        return await labs.AddAsync(LabName, LabKind.Simulated, sysfs, "test://" + node, cancellationToken).ConfigureAwait(false);
    }
}

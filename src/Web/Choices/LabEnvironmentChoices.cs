using VirtSriov.Core.Host;
using VirtSriov.Core.Labs;
using VirtSriov.Core.Libvirt;

namespace VirtSriov.Web.Choices;

/// <summary>The lab's SR-IOV PFs from its sysfs inventory and its domains from its hypervisor, through the lab's cached environment.</summary>
public sealed class LabEnvironmentChoices(LabEnvironmentCache environments) : ILabChoices
{
    public async Task<LabChoices> ReadAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        try
        {
            var environment = await environments.GetAsync(lab, cancellationToken);
            var pfs = SriovInventory.ReadPhysicalFunctions(environment.Sysfs)
                .Where(pf => pf.IsSriovCapable)
                .OrderByDescending(pf => pf.IsIntel)
                .ThenBy(pf => pf.Address, StringComparer.Ordinal)
                .Select(pf => new PfChoice(pf.Address, Describe(pf), pf.IsIntel))
                .ToList();
            var domains = await environment.Hypervisor.ListDomainNamesAsync(cancellationToken);
            return new LabChoices(pfs, [.. domains.Order(StringComparer.Ordinal)]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LibvirtException or InvalidOperationException or NotSupportedException)
        {
            return LabChoices.None with { Problem = $"The lab's PFs and domains could not be read ({e.Message}); type them in." };
        }
    }

    private static string Describe(PhysicalFunctionInfo pf) =>
        string.Join(", ", new[] { pf.Netdev, pf.Driver, $"{pf.TotalVfs} VFs", pf.IsIntel ? null : "not Intel: unsupported" }.OfType<string>());
}

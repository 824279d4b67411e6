using System.Xml.Linq;

namespace VirtSriov.Core.Libvirt;

/// <summary>Which host NUMA node a domain runs on, as far as its XML pins it.</summary>
public static class DomainNumaAffinity
{
    /// <summary>
    /// The node from <c>&lt;numatune&gt;&lt;memory nodeset&gt;</c> when it names one node; else the cell that holds every
    /// host CPU of <c>&lt;vcpu cpuset&gt;</c> and <c>&lt;cputune&gt;&lt;vcpupin&gt;</c>; else null (not pinned to one node).
    /// </summary>
    public static int? NodeOf(string domainXml, IReadOnlyList<NumaCell> hostCells)
    {
        ArgumentNullException.ThrowIfNull(hostCells);
        var domain = XElement.Parse(domainXml);
        if ((string?)domain.Element("numatune")?.Element("memory")?.Attribute("nodeset") is { } nodeset
            && CpuSet.Parse(nodeset) is { Count: 1 } nodes)
        {
            return nodes.First();
        }

        var cpusets = domain.Element("cputune")?.Elements("vcpupin").Select(p => (string?)p.Attribute("cpuset")).OfType<string>().ToList() ?? [];
        if (cpusets.Count == 0 && (string?)domain.Element("vcpu")?.Attribute("cpuset") is { } vcpuCpuset)
        {
            cpusets.Add(vcpuCpuset);
        }

        var cpus = cpusets.SelectMany(CpuSet.Parse).ToHashSet();
        return cpus.Count == 0 ? null : hostCells.FirstOrDefault(c => cpus.IsSubsetOf(c.Cpus))?.Id;
    }
}

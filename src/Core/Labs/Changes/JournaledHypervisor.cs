using System.Xml.Linq;
using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Labs.Changes;

/// <summary>The lab's hypervisor with every define, start and shutdown recorded in the change journal.</summary>
internal sealed class JournaledHypervisor(IHypervisor inner, ChangeRecorder changes) : IHypervisor, IDisposable
{
    public string Uri => inner.Uri;

    /// <summary>The inner connection's: guest agent commands (testpmd in a worker) change nothing on the hypervisor.</summary>
    public Libvirt.Agent.IGuestAgentChannel? GuestAgents => inner.GuestAgents;

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => inner.GetLibraryVersionAsync(cancellationToken);

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) => inner.ListDomainNamesAsync(cancellationToken);

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) => inner.GetDomainXmlAsync(name, inactive, cancellationToken);

    public Task DefineDomainAsync(string xml, CancellationToken cancellationToken) =>
        changes.RecordAsync($"define domain {DomainName(xml)} on {inner.Uri}", () => inner.DefineDomainAsync(xml, cancellationToken));

    public Task UndefineAsync(string name, bool removeNvram, CancellationToken cancellationToken) =>
        changes.RecordAsync($"undefine domain {name}{(removeNvram ? " with its UEFI variables" : "")} on {inner.Uri}", () => inner.UndefineAsync(name, removeNvram, cancellationToken));

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => inner.IsRunningAsync(name, cancellationToken);

    public Task StartAsync(string name, CancellationToken cancellationToken) =>
        changes.RecordAsync($"start domain {name} on {inner.Uri}", () => inner.StartAsync(name, cancellationToken));

    public Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken) =>
        changes.RecordAsync(
            $"shut down domain {name} on {inner.Uri}{(destroyAfterTimeout ? ", destroying it after " + timeout.TotalSeconds + " s" : "")}",
            () => inner.ShutdownAsync(name, timeout, destroyAfterTimeout, cancellationToken));

    public void Dispose() => (inner as IDisposable)?.Dispose();

    /// <summary>The domain's name for the record; the define itself reports malformed XML.</summary>
    private static string DomainName(string xml)
    {
        try
        {
            return XDocument.Parse(xml).Root?.Element("name")?.Value ?? "(unnamed)";
        }
        catch (System.Xml.XmlException)
        {
            return "(malformed XML)";
        }
    }
}

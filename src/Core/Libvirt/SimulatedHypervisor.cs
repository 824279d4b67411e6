using System.Xml.Linq;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// SIMULATION of the lab's hypervisor: the REAL libvirt library and API with libvirt's own test driver
/// (<c>test:///default</c>, no QEMU), seeded with a kcli-shaped cluster (<see cref="LabDomains"/>: 16 GiB, 8 vCPUs each).
/// The test driver keeps domains in memory only, so every definition is also saved to a state folder and
/// redefined from there when the hypervisor is opened again, and which domains run is saved after every start and
/// shutdown and restored too: after an app restart (even kill -9) the lab is as a real host's libvirtd would still
/// have it, which keeps a domain a run shut down shut down. On first open the lab domains are started (a running cluster).
/// </summary>
public sealed class SimulatedHypervisor : IHypervisor, IDisposable
{
    public const string DefaultUri = "test:///default";

    /// <summary>The names of the running domains, one a line, in the state folder.</summary>
    private const string RunningFile = "running.txt";

    private const long LabMemoryKiB = 16L * 1024 * 1024;
    private const int LabVcpus = 8;

    private readonly LibvirtHypervisor inner;
    private readonly string stateFolder;

    private SimulatedHypervisor(LibvirtHypervisor inner, string stateFolder)
    {
        this.inner = inner;
        this.stateFolder = stateFolder;
    }

    /// <summary>The domains of the simulated kcli cluster "virtsriov".</summary>
    public static IReadOnlyList<string> LabDomains { get; } =
    [
        "virtsriov-ctlplane-0", "virtsriov-ctlplane-1", "virtsriov-ctlplane-2", "virtsriov-worker-0", "virtsriov-worker-1",
    ];

    public string Uri => inner.Uri;

    /// <summary>Opens the test driver, redefines the saved domains, then defines the missing lab domains.</summary>
    /// <param name="stateFolder">Where each defined domain XML is kept (<c>&lt;name&gt;.xml</c>).</param>
    /// <param name="uri">The test driver URI; a <c>test:///path/to/node.xml</c> URI gives a private in-memory state.</param>
    public static async Task<SimulatedHypervisor> OpenAsync(string stateFolder, TimeProvider time, CancellationToken cancellationToken, string uri = DefaultUri)
    {
        Directory.CreateDirectory(stateFolder);
        var hypervisor = new SimulatedHypervisor(LibvirtHypervisor.Open(uri, time), stateFolder);
        try
        {
            await hypervisor.RestoreAsync(cancellationToken).ConfigureAwait(false);
            return hypervisor;
        }
        catch
        {
            hypervisor.Dispose();
            throw;
        }
    }

    public Task<Version> GetLibraryVersionAsync(CancellationToken cancellationToken) => inner.GetLibraryVersionAsync(cancellationToken);

    public Task<IReadOnlyList<string>> ListDomainNamesAsync(CancellationToken cancellationToken) => inner.ListDomainNamesAsync(cancellationToken);

    public Task<string> GetDomainXmlAsync(string name, bool inactive, CancellationToken cancellationToken) =>
        inner.GetDomainXmlAsync(name, inactive, cancellationToken);

    public async Task DefineDomainAsync(string xml, CancellationToken cancellationToken)
    {
        await inner.DefineDomainAsync(xml, cancellationToken).ConfigureAwait(false);
        var name = XDocument.Parse(xml).Root?.Element("name")?.Value
            ?? throw new InvalidOperationException("A defined domain has a name.");
        await SaveAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>libvirt's test driver keeps no UEFI variable stores (and refuses VIR_DOMAIN_UNDEFINE_NVRAM): a plain undefine.</summary>
    public Task UndefineAsync(string name, bool removeNvram, CancellationToken cancellationToken) => inner.UndefineAsync(name, removeNvram: false, cancellationToken);

    public Task<bool> IsRunningAsync(string name, CancellationToken cancellationToken) => inner.IsRunningAsync(name, cancellationToken);

    public async Task StartAsync(string name, CancellationToken cancellationToken)
    {
        await inner.StartAsync(name, cancellationToken).ConfigureAwait(false);
        await SaveRunningAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task ShutdownAsync(string name, TimeSpan timeout, bool destroyAfterTimeout, CancellationToken cancellationToken)
    {
        await inner.ShutdownAsync(name, timeout, destroyAfterTimeout, cancellationToken).ConfigureAwait(false);
        await SaveRunningAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => inner.Dispose();

    private async Task RestoreAsync(CancellationToken cancellationToken)
    {
        foreach (var file in Directory.EnumerateFiles(stateFolder, "*.xml").Order(StringComparer.Ordinal))
        {
            await inner.DefineDomainAsync(await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        var existing = await inner.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in LabDomains.Except(existing, StringComparer.Ordinal))
        {
            await DefineDomainAsync(KcliDomainTemplate.Render(name, "virtsriov", LabMemoryKiB, LabVcpus), cancellationToken).ConfigureAwait(false);
        }

        var runningFile = Path.Combine(stateFolder, RunningFile);
        var running = File.Exists(runningFile)
            ? (await File.ReadAllLinesAsync(runningFile, cancellationToken).ConfigureAwait(false)).Intersect(await inner.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false), StringComparer.Ordinal)
            : LabDomains;
        foreach (var name in running)
        {
            if (!await inner.IsRunningAsync(name, cancellationToken).ConfigureAwait(false))
            {
                await inner.StartAsync(name, cancellationToken).ConfigureAwait(false);
            }
        }

        await SaveRunningAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SaveRunningAsync(CancellationToken cancellationToken)
    {
        var running = new List<string>();
        foreach (var name in (await inner.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false)).Order(StringComparer.Ordinal))
        {
            if (await inner.IsRunningAsync(name, cancellationToken).ConfigureAwait(false))
            {
                running.Add(name);
            }
        }

        await WriteAtomicallyAsync(Path.Combine(stateFolder, RunningFile), string.Join('\n', running), cancellationToken).ConfigureAwait(false);
    }

    private async Task SaveAsync(string name, CancellationToken cancellationToken)
    {
        var xml = await inner.GetDomainXmlAsync(name, inactive: true, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(Path.Combine(stateFolder, Path.GetFileName(name) + ".xml"), xml, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteAtomicallyAsync(string path, string content, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, content, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}

using k8s;
using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Kubernetes;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Host;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Runs;
using VirtSriov.Core.Testpmd;

namespace VirtSriov.Core.Labs;

/// <summary>
/// Opens a lab's seams: for the simulated lab a generated sysfs tree, libvirt's test driver and the simulated
/// cluster (all kept under the lab's folder, so they survive restarts); for a host lab the real ones, on this machine
/// or, for a <c>qemu+ssh://</c> URI, every host operation over SSH to that hypervisor.
/// </summary>
public sealed class LabEnvironmentFactory(
    ILabStore labs,
    IProcessRunner processes,
    ILocalTestpmd testpmd,
    SshKeyStore sshKeys,
    TimeProvider time) : ILabEnvironmentFactory
{
    public async Task<ILabEnvironment> CreateAsync(LabDefinition lab, CancellationToken cancellationToken) =>
        lab.Kind switch
        {
            LabKind.Simulated => await OpenSimulatedAsync(lab, cancellationToken).ConfigureAwait(false),
            LabKind.EmulatedHardware => throw new ActionableException(
                $"'{lab.Name}' is the emulated-hardware lab: its runs happen inside a QEMU guest, not through the wizard.",
                "Start it from Labs → Emulated hardware; the run appears in the history when the guest is done.",
                field: "LabId"),
            _ => await OpenHostAsync(lab, cancellationToken).ConfigureAwait(false),
        };

    private async Task<ILabEnvironment> OpenSimulatedAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        // The simulated lab keeps all its state beside its sysfs tree.
        var folder = Path.GetDirectoryName(lab.SysfsRoot)!;
        SimulatedSysfsGenerator.Generate(lab.SysfsRoot);
        var sysfs = new SimulatedSysfs(lab.SysfsRoot);
        var hypervisor = await SimulatedHypervisor.OpenAsync(Path.Combine(folder, "libvirt"), time, cancellationToken, lab.LibvirtUri).ConfigureAwait(false);
        var cluster = new SimulatedCluster(Path.Combine(folder, "cluster"), hypervisor, sysfs, testpmd, time);
        // SIMULATION: `ip` runs against the simulated tree (SimulatedIpLink); every other program is the real one.
        return new LabEnvironment(lab, sysfs, hypervisor, cluster, new SimulatedIpLink(sysfs, processes), new SimulatedServiceManager(lab.SysfsRoot));
    }

    private async Task<ILabEnvironment> OpenHostAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        var host = await OpenTransportAsync(lab, cancellationToken).ConfigureAwait(false);
        try
        {
            var hypervisor = LibvirtHypervisor.Open(lab.LibvirtUri, time);
            IClusterClient cluster = await labs.GetKubeconfigAsync(lab.Id, cancellationToken).ConfigureAwait(false) is { } kubeconfig
                ? new KubernetesClusterClient(new Kubernetes(LoadKubeconfig(kubeconfig)), time)
                : new MissingCluster();
            return new LabEnvironment(lab, host.Sysfs, hypervisor, cluster, host.Processes, new SystemdServiceManager(host.Files, host.Processes), host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>This machine, or the hypervisor over SSH, connected now so a refused key or unknown host key shows at once.</summary>
    private async Task<IHostTransport> OpenTransportAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        if (SshTarget.From(LibvirtUri.Parse(lab.LibvirtUri)) is not { } target)
        {
            return new LocalHostTransport(lab.SysfsRoot, processes);
        }

        var connection = new SshConnection(target, await sshKeys.GetAsync(lab.Id, cancellationToken).ConfigureAwait(false));
        try
        {
            await Task.Run(connection.Open, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SshHostTransport(connection, lab.SysfsRoot);
    }

    private static KubernetesClientConfiguration LoadKubeconfig(string kubeconfig)
    {
        try
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(kubeconfig));
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(stream);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or YamlDotNet.Core.YamlException or ArgumentException)
        {
            throw new ActionableException(
                "The lab's kubeconfig could not be read: " + e.Message,
                "Upload a valid kubeconfig (YAML, as written by kcli or 'oc login') on the Labs page.",
                field: "Kubeconfig",
                inner: e);
        }
    }
}

using VirtSriov.Core.Cluster;
using VirtSriov.Core.Cluster.Kubernetes;
using VirtSriov.Core.Cluster.Simulation;
using VirtSriov.Core.Host.Persistence;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Host.Simulation;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.Core.Testpmd;
using k8s;

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
    TimeProvider time,
    SimulatedClusterTimings? clusterTimings = null,
    CliPackage? cli = null) : ILabEnvironmentFactory
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
        var cluster = new SimulatedCluster(Path.Combine(folder, "cluster"), hypervisor, sysfs, testpmd, time, clusterTimings);
        // SIMULATION: `ip` runs against the simulated tree (SimulatedIpLink); every other program is the real one.
        return new LabEnvironment(lab, sysfs, hypervisor, cluster, new SimulatedIpLink(sysfs, processes), new SimulatedServiceManager(lab.SysfsRoot));
    }

    private async Task<ILabEnvironment> OpenHostAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        var kubeconfig = await labs.GetKubeconfigAsync(lab.Id, cancellationToken).ConfigureAwait(false);
        ProgramRunningOptions.EnsureAllowed(lab, kubeconfig);
        var uri = LibvirtUri.Parse(lab.LibvirtUri);
        var target = SshTarget.From(uri);
        var credentials = target is null ? null : await sshKeys.GetAsync(target, cancellationToken).ConfigureAwait(false);
        var host = target is null ? new LocalHostTransport(lab.SysfsRoot, processes) : await OpenSshAsync(target, credentials!, lab.SysfsRoot, cancellationToken).ConfigureAwait(false);
        try
        {
            var hypervisor = LibvirtHypervisor.Open(credentials is null ? lab.LibvirtUri : sshKeys.LibvirtUri(lab.LibvirtUri, credentials), time);
            IClusterClient cluster = kubeconfig is not null
                ? new KubernetesClusterClient(new Kubernetes(LoadKubeconfig(kubeconfig)), time)
                : new MissingCluster();
            return new LabEnvironment(lab, host.Sysfs, hypervisor, cluster, host.Processes, new SystemdServiceManager(host.Files, host.Processes), host, cli);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>The hypervisor over SSH, connected now so a refused key or an unknown host key shows at once.</summary>
    private static async Task<IHostTransport> OpenSshAsync(SshTarget target, SshCredentials credentials, string sysfsRoot, CancellationToken cancellationToken)
    {
        var connection = new SshConnection(target, credentials);
        try
        {
            await Task.Run(connection.Open, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        return new SshHostTransport(connection, sysfsRoot);
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

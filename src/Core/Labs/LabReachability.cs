namespace VirtSriov.Core.Labs;

/// <summary>
/// Asks each seam of a lab one cheap read-only question: sysfs has <c>/sys/class/net</c>, libvirt lists its domains,
/// the cluster answers with its version (when the lab has a kubeconfig). Used by the API's reach call and by health.
/// </summary>
public sealed class LabReachability(LabEnvironmentCache environments)
{
    public async Task<LabReach> CheckAsync(LabDefinition lab, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lab);
        ILabEnvironment environment;
        try
        {
            environment = await environments.GetAsync(lab, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new LabReach(lab.Id, lab.Name, lab.IsSimulated, [new SeamReach("lab", false, $"the lab could not be opened: {e.Message}")]);
        }

        return new LabReach(lab.Id, lab.Name, lab.IsSimulated,
        [
            Sysfs(environment),
            await AskAsync("hypervisor", async () => $"{environment.Hypervisor.Uri}: {(await environment.Hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false)).Count} domains", cancellationToken).ConfigureAwait(false),
            lab.HasKubeconfig || environment.Cluster.IsSimulated
                ? await AskAsync("cluster", async () => $"Kubernetes {(await environment.Cluster.GetInfoAsync(cancellationToken).ConfigureAwait(false)).Version}", cancellationToken).ConfigureAwait(false)
                : new SeamReach("cluster", true, "no kubeconfig stored: the Cluster step deploys one or asks for it"),
        ]);
    }

    private static SeamReach Sysfs(ILabEnvironment environment) =>
        environment.Sysfs.Exists("/sys/class/net")
            ? new SeamReach("sysfs", true, $"{environment.Lab.SysfsRoot}: /sys/class/net present")
            : new SeamReach("sysfs", false, $"{environment.Lab.SysfsRoot}: /sys/class/net missing; the sysfs root must hold the host's /sys");

    private static async Task<SeamReach> AskAsync(string seam, Func<Task<string>> question, CancellationToken cancellationToken)
    {
        try
        {
            return new SeamReach(seam, true, await question().ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new SeamReach(seam, false, e.Message);
        }
    }
}

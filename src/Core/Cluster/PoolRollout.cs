using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Cluster;

/// <summary>
/// The Machine Config Operator's rollout protocol, for tuning and its teardown alike (field note 15): with the pool
/// paused, wait until the render controller's <c>spec.configuration</c> lists the MachineConfigs expected (and none of
/// those removed); read every node's boot id; unpause; follow each node's Machine Config Daemon annotations until every
/// node is on the new rendered config. Reboots are counted from boot id changes, not from phases guessed. Every change
/// of a node is logged, and a wait with no change logs where it stands every <see cref="ClusterWaits.ProgressLog"/>.
/// </summary>
public sealed class PoolRollout(IClusterClient cluster, string pool, ClusterWaits waits, IStepLog log, TimeProvider time)
{
    /// <summary>Waits (the pool paused) until the pool's rendered config lists every <paramref name="present"/> source and none of <paramref name="absent"/>.</summary>
    public async Task<string> WaitForRenderAsync(IReadOnlyCollection<string> present, IReadOnlyCollection<string> absent, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + waits.Render;
        var nextLog = time.GetUtcNow();
        while (true)
        {
            var state = await cluster.GetPoolAsync(pool, cancellationToken).ConfigureAwait(false);
            var missing = present.Except(state.Sources, StringComparer.Ordinal).ToList();
            var stale = absent.Intersect(state.Sources, StringComparer.Ordinal).ToList();
            var gap = string.Join("; ", new[]
            {
                missing.Count == 0 ? null : $"not yet listed: {string.Join(", ", missing)}",
                stale.Count == 0 ? null : $"still listed: {string.Join(", ", stale)}",
            }.OfType<string>());
            if (gap.Length == 0 && state.RenderedConfig is { } rendered)
            {
                log.Info($"The {pool} pool's rendered config {rendered} is made from: {string.Join(", ", state.Sources)}.");
                return rendered;
            }

            var now = time.GetUtcNow();
            if (now >= deadline)
            {
                throw new ActionableException(
                    $"The {pool} pool's rendered config ({state.RenderedConfig ?? "none"}) did not follow the MachineConfigs within {waits.Render}: {gap}.",
                    "The pool stays paused and nothing was rolled out. Look at the render controller (`oc logs -n openshift-machine-config-operator deploy/machine-config-controller`) "
                        + "and, for 50-performance-*, the Node Tuning Operator (`oc get performanceprofile -o yaml`, its status conditions); then apply again.",
                    $"GET machineconfigpools/{pool}");
            }

            if (now >= nextLog)
            {
                log.Info($"Waiting for the render controller: the {pool} pool's rendered config {state.RenderedConfig ?? "(none)"} has {gap}.");
                nextLog = now + waits.ProgressLog;
            }

            await Task.Delay(waits.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The pool's nodes before the rollout: the boot ids reboots are counted from.</summary>
    public Task<IReadOnlyList<MachineConfigNodeState>> NodesAsync(CancellationToken cancellationToken) =>
        cluster.GetPoolNodesAsync(pool, cancellationToken);

    /// <summary>Follows every node to <paramref name="renderedConfig"/>; returns each node's reboots (boot id changes since <paramref name="before"/>).</summary>
    public async Task<IReadOnlyDictionary<string, int>> FollowAsync(string renderedConfig, IReadOnlyList<MachineConfigNodeState> before, CancellationToken cancellationToken)
    {
        var start = time.GetUtcNow();
        var last = before.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var reboots = before.ToDictionary(n => n.Name, _ => 0, StringComparer.Ordinal);
        var nextLog = start + waits.ProgressLog;
        while (true)
        {
            var nodes = await cluster.GetPoolNodesAsync(pool, cancellationToken).ConfigureAwait(false);
            var changed = false;
            foreach (var node in nodes)
            {
                changed |= Track(node, last, reboots);
            }

            log.Rollout([.. nodes.Select(n => new NodeRolloutRow(n.Name, n.State, n.CurrentConfig, n.DesiredConfig, reboots.GetValueOrDefault(n.Name)))]);

            if (nodes.Count > 0 && nodes.All(n => n.IsOn(renderedConfig)))
            {
                log.Info($"Every node of the {pool} pool is on {renderedConfig}.");
                return reboots;
            }

            var now = time.GetUtcNow();
            var silent = nodes.Where(n => !n.HasDaemonAnnotations).Select(n => n.Name).ToList();
            if (silent.Count > 0 && now >= start + waits.NodeAnnotations)
            {
                throw new ActionableException(
                    $"{string.Join(", ", silent)} of the {pool} pool show no Machine Config Daemon annotations after {waits.NodeAnnotations}: no daemon manages them, so they will never take {renderedConfig}.",
                    "Check the machine-config-daemon pod on those nodes (`oc get pods -n openshift-machine-config-operator -o wide`) and that the nodes carry the pool's role label; "
                        + "a node that was not installed by the Machine Config Operator cannot be tuned by MachineConfigs.",
                    $"GET nodes ({pool} pool)");
            }

            if (now >= start + waits.PoolRollout)
            {
                throw new ActionableException(
                    $"Timed out after {waits.PoolRollout} waiting for the {pool} pool to reach {renderedConfig}: {Pending(nodes, renderedConfig)}.",
                    $"Look at `oc get mcp {pool}` and `oc get nodes`: a node that cannot drain (PodDisruptionBudget) or boot holds the pool.",
                    $"GET machineconfigpools/{pool}");
            }

            if (changed)
            {
                nextLog = now + waits.ProgressLog;
            }
            else if (now >= nextLog)
            {
                log.Info($"Still waiting for {renderedConfig}: {Pending(nodes, renderedConfig)}.");
                nextLog = now + waits.ProgressLog;
            }

            await Task.Delay(waits.PollInterval, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Pending(IReadOnlyList<MachineConfigNodeState> nodes, string renderedConfig) =>
        string.Join("; ", nodes.Where(n => !n.IsOn(renderedConfig)).Select(n => $"{n.Name} {n.Describe()}"));

    /// <summary>Logs what changed on a node and counts a reboot when its boot id changed; throws when it went Degraded.</summary>
    private bool Track(MachineConfigNodeState node, Dictionary<string, MachineConfigNodeState> last, Dictionary<string, int> reboots)
    {
        var previous = last.GetValueOrDefault(node.Name);
        last[node.Name] = node;
        if (previous is not null && previous.BootId is not null && node.BootId is not null && previous.BootId != node.BootId)
        {
            reboots[node.Name] = reboots.GetValueOrDefault(node.Name) + 1;
            log.Info($"{node.Name}: rebooted (reboots: {reboots[node.Name]}).");
        }

        if (node.State == MachineConfigNodeState.DegradedState)
        {
            throw new ActionableException(
                $"The {pool} pool went Degraded on {node.Name}: {node.Reason ?? "no reason given"}",
                "Read the reason (`oc describe mcp " + pool + "`, and the machine-config-daemon pod's log on that node), fix its cause (a MachineConfig the node cannot apply, "
                    + "a drain blocked by a PodDisruptionBudget), then apply this step again: it resumes following the rollout.",
                $"GET machineconfigpools/{pool}");
        }

        if (previous is not null && previous with { BootId = node.BootId } == node)
        {
            return previous.BootId != node.BootId;
        }

        log.Info($"{node.Name}: {node.Describe()}.");
        return true;
    }
}

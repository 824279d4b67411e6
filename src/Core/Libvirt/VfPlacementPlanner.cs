using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// Distributes a PF's VFs over worker VMs: operator overrides first (exactly the VFs named), then the other workers
/// round-robin or by the PF's NUMA node. One VF never goes to two VMs. Input errors are refused with the settings
/// field at fault, before anything is changed.
/// </summary>
public static class VfPlacementPlanner
{
    private const string PlaceCall = "place VFs on workers";

    /// <exception cref="ActionableException">
    /// An override names an unknown worker or an address that is not a VF of the PF, a VF is named twice, more VFs are
    /// needed than the PF has, or no worker sits on the PF's NUMA node.
    /// </exception>
    public static VfPlacement Plan(VfPool pool, IReadOnlyList<WorkerPlacementInfo> workers, int vfsPerWorker, VfPlacementPreferences preferences)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(workers);
        ArgumentNullException.ThrowIfNull(preferences);
        if (vfsPerWorker < 1)
        {
            throw new ActionableException($"{vfsPerWorker} VFs per worker: each worker needs at least 1.", "Set VFs per worker to 1 or more.", field: nameof(RunSettings.VfsPerWorker));
        }

        var vfs = pool.VfAddresses.Select(Canonical).ToList();
        var overrides = ValidateOverrides(pool, vfs, workers, preferences.Overrides);
        var notes = new List<string>();
        var automatic = ChooseAutomaticWorkers(pool, workers, overrides, preferences.Mode, notes);

        var overridden = overrides.Values.Sum(v => v.Count);
        var needed = overridden + (automatic.Count * vfsPerWorker);
        if (needed > vfs.Count)
        {
            var parts = new List<string>();
            if (automatic.Count > 0)
            {
                parts.Add($"{automatic.Count} worker(s) × {vfsPerWorker}");
            }

            if (overridden > 0)
            {
                parts.Add($"{overridden} by override");
            }

            throw new ActionableException(
                $"{needed} VFs are needed ({string.Join(" + ", parts)}) but PF {pool.PfAddress} has {vfs.Count}.",
                $"Raise the VF count in the Virtual functions step to at least {needed}, or lower VFs per worker; one VF cannot go to two VMs.",
                failedCall: PlaceCall,
                field: nameof(RunSettings.VfsPerWorker));
        }

        var free = new Queue<string>(vfs.Where(v => !overrides.Values.Any(o => o.Contains(v, StringComparer.Ordinal))));
        var assignments = workers.Select(w =>
            overrides.TryGetValue(w.Name, out var chosen) ? new WorkerVfAssignment(w.Name, chosen, "operator override")
            : automatic.Contains(w.Name) ? new WorkerVfAssignment(w.Name, Take(free, vfsPerWorker), AutomaticReason(preferences.Mode, pool))
            : new WorkerVfAssignment(w.Name, [], NotOnNodeReason(w, pool)))
            .ToList();
        return new VfPlacement(assignments, notes);
    }

    private static Dictionary<string, IReadOnlyList<string>> ValidateOverrides(
        VfPool pool, List<string> vfs, IReadOnlyList<WorkerPlacementInfo> workers, IReadOnlyDictionary<string, IReadOnlyList<string>> overrides)
    {
        var useVfs = $"Use VF addresses of PF {pool.PfAddress}: {Sample(vfs)}.";
        var invalid = VfOverridesValidator.Validate(overrides, workers.Select(w => w.Name).ToList());
        if (invalid.Count > 0)
        {
            throw new ActionableException(invalid[0].Message, useVfs, failedCall: PlaceCall, field: invalid[0].Field);
        }

        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (worker, addresses) in overrides)
        {
            var chosen = addresses.Select(a => VfOverridesValidator.TryCanonical(a, out var address, out _) ? address : a).ToList();
            if (chosen.FirstOrDefault(a => !vfs.Contains(a, StringComparer.Ordinal)) is { } stranger)
            {
                throw new ActionableException(
                    $"{stranger} in the VF override of {worker} is not a VF of PF {pool.PfAddress}" + (stranger == Canonical(pool.PfAddress) ? " (it is the PF itself)." : "."),
                    useVfs,
                    failedCall: PlaceCall,
                    field: VfOverridesValidator.FieldOf(worker));
            }

            result[worker] = chosen;
        }

        return result;
    }

    private static HashSet<string> ChooseAutomaticWorkers(
        VfPool pool, IReadOnlyList<WorkerPlacementInfo> workers, Dictionary<string, IReadOnlyList<string>> overrides, VfPlacementMode mode, List<string> notes)
    {
        var candidates = workers.Where(w => !overrides.ContainsKey(w.Name)).ToList();
        if (mode == VfPlacementMode.RoundRobin || candidates.Count == 0)
        {
            return candidates.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        }

        if (pool.PfNumaNode is not { } node)
        {
            notes.Add($"PF {pool.PfAddress} reports no NUMA node (single-node host): VFs are placed round-robin.");
            return candidates.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        }

        var local = candidates.Where(w => w.NumaNode == node).Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        if (local.Count == 0 && overrides.Count == 0)
        {
            throw new ActionableException(
                $"No worker VM is pinned to NUMA node {node} of PF {pool.PfAddress}: " + string.Join(", ", candidates.Select(w => $"{w.Name} ({Node(w)})")) + ".",
                $"Pin a worker's vCPUs and memory to node {node} (virsh numatune NAME --nodeset {node} --config; virsh vcpupin NAME …), override the VFs per worker, or place round-robin.",
                failedCall: PlaceCall,
                field: nameof(RunSettings.VfPlacement));
        }

        notes.AddRange(candidates.Where(w => !local.Contains(w.Name)).Select(w => $"{w.Name} gets no VF: {NotOnNodeReason(w, pool)}."));
        return local;
    }

    private static List<string> Take(Queue<string> free, int count) =>
        Enumerable.Range(0, count).Select(_ => free.Dequeue()).ToList();

    private static string AutomaticReason(VfPlacementMode mode, VfPool pool) =>
        mode == VfPlacementMode.PfNumaNode && pool.PfNumaNode is { } node ? $"on NUMA node {node}, like PF {pool.PfAddress}" : "round-robin in worker order";

    private static string NotOnNodeReason(WorkerPlacementInfo worker, VfPool pool) =>
        $"it is on {Node(worker)}, PF {pool.PfAddress} on NUMA node {pool.PfNumaNode}";

    private static string Node(WorkerPlacementInfo worker) => worker.NumaNode is { } n ? $"NUMA node {n}" : "no single NUMA node";

    private static string Canonical(string address) => VfOverridesValidator.TryCanonical(address, out var canonical, out _) ? canonical : address;

    private static string Sample(List<string> vfs) =>
        vfs.Count == 0 ? "(none: create VFs first)" : vfs.Count <= 4 ? string.Join(", ", vfs) : $"{vfs[0]} … {vfs[^1]} ({vfs.Count} VFs)";
}

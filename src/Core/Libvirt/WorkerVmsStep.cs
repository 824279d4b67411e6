using System.Globalization;
using System.Xml.Linq;
using VirtSriov.Core.Host;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// Step 4: gives each worker VM its VFs. <see cref="VfPlacementPlanner"/> places the PF's VFs as the settings say
/// (<see cref="RunSettings.VfPlacement"/>: round-robin in worker order, worker i gets VFs i·k … i·k+k−1 for k VFs per
/// worker, or by the PF's NUMA node; <see cref="RunSettings.VfOverrides"/> first; never one VF to two VMs); each
/// worker's domain XML is patched by <see cref="DomainPatcher"/>; Apply shuts a changed worker down gracefully (forcing
/// it off after the timeout only with <see cref="RunSettings.ForceOffWorkers"/>), redefines it, starts it and checks it
/// runs with its VFs, and puts the original definition back if any of that fails. Teardown puts back the original
/// definition Apply recorded in the run (<c>NAME.before.xml</c>), shutting a running worker down the same way and
/// starting it again, so the VFs are free for the Virtual functions teardown.
/// </summary>
public sealed class WorkerVmsStep : IRunStep, IStepTeardown
{
    private const string OriginalSuffix = ".before.xml";

    /// <summary>Whether the worker ran before Apply (which starts it to check its VFs): teardown leaves it that way.</summary>
    private const string StateSuffix = ".before.state";
    private const string RunningState = "running";
    private const string ShutOffState = "shut off";

    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(120);

    private const string VfioDriver = "vfio-pci";
    private const string NumaNodes = "/sys/devices/system/node";

    private const string PlacementFindingId = "vfs.placement";

    public StepKind Kind => StepKind.WorkerVms;

    public string Title => Kind.DisplayName();

    public string? Limitations => null;

    public async Task<IReadOnlyList<StepFinding>> InspectAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var findings = new List<StepFinding>();
        var domains = await context.Lab.Hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false);
        foreach (var worker in settings.Workers)
        {
            findings.Add(domains.Contains(worker, StringComparer.Ordinal)
                ? new StepFinding($"worker.{worker}.exists", FindingSeverity.Ok, $"Worker VM {worker}", $"Domain '{worker}' exists on {context.Lab.Hypervisor.Uri}.")
                : new StepFinding(
                    $"worker.{worker}.exists",
                    FindingSeverity.Error,
                    $"Worker VM {worker} not found",
                    $"No domain '{worker}' on {context.Lab.Hypervisor.Uri}; existing domains: {string.Join(", ", domains.Order(StringComparer.Ordinal))}.",
                    "The step patches the worker VMs named in the settings.",
                    "Set Workers to the names of the worker domains (virsh list --all)."));
        }

        if (findings.Any(f => f.Severity == FindingSeverity.Error))
        {
            return findings;
        }

        if (settings.MaxWorkerMemoryMiB is { } ceiling)
        {
            foreach (var worker in settings.Workers)
            {
                var memoryMiB = DomainMemory.FromXml(XDocument.Parse(await context.Lab.Hypervisor.GetDomainXmlAsync(worker, inactive: true, cancellationToken).ConfigureAwait(false)).Root!).MemoryKiB / 1024;
                findings.Add(memoryMiB <= ceiling
                    ? new StepFinding($"worker.{worker}.memory", FindingSeverity.Ok, $"{worker} RAM within the lab's ceiling", $"{memoryMiB} MiB ≤ {ceiling} MiB.")
                    : WorkerStartFailure.VfBarsAbove4GiB(worker, memoryMiB, ceiling) is var (cause, fix)
                        ? new StepFinding($"worker.{worker}.memory", FindingSeverity.Error, $"{worker} RAM would push VF BARs above 4 GiB", cause, "The lab's worker RAM ceiling (MaxWorkerMemoryMiB) keeps the VF BARs below 4 GiB.", fix)
                        : throw new InvalidOperationException());
            }
        }

        var vfs = SriovInventory.ReadVirtualFunctions(context.Lab.Sysfs, settings.PfAddress);
        VfPlacement placed;
        try
        {
            placed = await PlaceAsync(context, vfs.Select(v => v.Address).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableException e)
        {
            findings.Add(new StepFinding(PlacementFindingId, FindingSeverity.Error, "VFs cannot be placed", e.Message, "Each worker gets its own VFs; one VF cannot go to two VMs.", e.Fix));
            return findings;
        }

        var used = placed.Assignments.SelectMany(a => a.VfAddresses).ToHashSet(StringComparer.Ordinal);
        findings.Add(new StepFinding(
            PlacementFindingId,
            FindingSeverity.Ok,
            "VFs placed",
            $"{used.Count} of the {vfs.Count} VFs of {settings.PfAddress}: " + string.Join("; ", placed.Assignments.Select(a => $"{a.Worker} ← {(a.VfAddresses.Count == 0 ? "none" : string.Join(", ", a.VfAddresses))} ({a.Reason})"))));
        var notVfio = vfs.Where(v => used.Contains(v.Address) && v.Driver != VfioDriver).ToList();
        findings.Add(notVfio.Count == 0
            ? new StepFinding("vfs.vfio", FindingSeverity.Ok, "VFs bound to vfio-pci", $"The {used.Count} VFs to pass through are bound to vfio-pci.")
            : new StepFinding(
                "vfs.vfio",
                FindingSeverity.Error,
                "VFs not bound to vfio-pci",
                string.Join(", ", notVfio.Select(v => $"{v.Address} ({v.Driver ?? "no driver"})")),
                "libvirt passes a VF through only when vfio-pci can own it.",
                "Apply the Virtual functions step (driver_override → vfio-pci)."));
        return findings;
    }

    public async Task<StepPlan> PlanAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var blocking = (await InspectAsync(context, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(f => f.Severity == FindingSeverity.Error && f.Id != PlacementFindingId);
        if (blocking is not null)
        {
            throw new ActionableException($"{blocking.Title}: {blocking.Observed}", blocking.Fix ?? "See the findings.", failedCall: "inspect worker VMs");
        }

        var settings = context.Settings;
        var hypervisor = context.Lab.Hypervisor;
        var version = await hypervisor.GetLibraryVersionAsync(cancellationToken).ConfigureAwait(false);
        var vfs = SriovInventory.ReadVirtualFunctions(context.Lab.Sysfs, settings.PfAddress).Select(v => v.Address).ToList();
        var placed = await PlaceAsync(context, vfs, cancellationToken).ConfigureAwait(false);
        await RefuseVfsHeldByOtherDomainsAsync(hypervisor, placed, cancellationToken).ConfigureAwait(false);

        var workers = new List<WorkerVmPlan>();
        var changes = new List<PlannedChange>();
        var artifacts = new List<PlanArtifact>();
        var warnings = new List<string>(placed.Notes);
        var interruptions = new List<PlannedInterruption>();
        foreach (var assignment in placed.Assignments.Where(a => a.VfAddresses.Count > 0))
        {
            var name = assignment.Worker;
            var current = await hypervisor.GetDomainXmlAsync(name, inactive: true, cancellationToken).ConfigureAwait(false);
            var patch = DomainPatcher.Patch(current, assignment.VfAddresses, version, vfs);
            workers.Add(new WorkerVmPlan(name, assignment.VfAddresses, patch.Xml, patch.Changes));
            changes.AddRange(patch.Changes.Select(c => new PlannedChange(name, c)));
            artifacts.Add(new PlanArtifact($"{name}.xml", "xml", patch.Xml));
            artifacts.Add(new PlanArtifact($"{name}.diff", "diff", patch.Diff));
            warnings.Add($"{name} memtune: {patch.MemtuneExplanation}");
            if (DmaEntryLimit.Warning(name, patch.Xml) is { } dma)
            {
                warnings.Add(dma);
            }

            var running = patch.Changed && await hypervisor.IsRunningAsync(name, cancellationToken).ConfigureAwait(false);
            if (patch.Changed)
            {
                // Stored with the plan, before Apply: a teardown (or a resumed Apply) after a killed Apply still knows them.
                artifacts.Add(new PlanArtifact(name + OriginalSuffix, "xml", current));
                artifacts.Add(new PlanArtifact(name + StateSuffix, "text", running ? RunningState : ShutOffState));
            }

            if (running)
            {
                interruptions.Add(new PlannedInterruption(
                    name,
                    $"is running: Apply shuts it down (graceful, {ShutdownTimeout.TotalSeconds:0} s{(settings.ForceOffWorkers ? ", then forced off" : "")}), redefines it and starts it again",
                    "is shut down again, given back its original definition and started again"));
            }
        }

        if (settings.MaxWorkerMemoryMiB is { } max)
        {
            warnings.Add($"Lab setting: worker RAM at most {max} MiB, so the VF BARs stay below 4 GiB (this lab's QEMU registers the emulated VFs' BARs as 32-bit; fixed in QEMU 10.1.2). The patcher itself does not change the RAM.");
        }

        var toChange = workers.Count(w => w.Changes.Count > 0);
        var summary = toChange == 0
            ? $"All {workers.Count} worker VMs already have their VFs, q35, UEFI, the Intel vIOMMU and memtune."
            : $"Patch {toChange} of {workers.Count} worker VMs with VFs of {settings.PfAddress}, q35, UEFI, Intel vIOMMU, memtune; "
              + string.Join("; ", workers.Select(w => $"{w.Name} ← {string.Join(", ", w.VfAddresses)}")) + ".";
        return StepPlan.Create(Kind, summary, new WorkerVmsPlan(settings.PfAddress, workers), changes, artifacts, warnings, interruptions);
    }

    public async Task<StepOutcome> ApplyAsync(StepContext context, StepPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        var details = plan.DetailsAs<WorkerVmsPlan>();
        var hypervisor = context.Lab.Hypervisor;
        var version = await hypervisor.GetLibraryVersionAsync(cancellationToken).ConfigureAwait(false);
        var artifacts = new List<PlanArtifact>();
        var changed = new List<string>();
        foreach (var worker in details.Workers)
        {
            var before = await hypervisor.GetDomainXmlAsync(worker.Name, inactive: true, cancellationToken).ConfigureAwait(false);
            var planned = plan.Artifacts.FirstOrDefault(a => a.Name == worker.Name + OriginalSuffix);
            var plannedState = plan.Artifacts.FirstOrDefault(a => a.Name == worker.Name + StateSuffix)?.Content;
            bool wasRunning;
            if (DomainPatcher.Patch(before, worker.VfAddresses, version).Changed)
            {
                var running = await ReplaceDefinitionAsync(context, worker, before, cancellationToken).ConfigureAwait(false);
                wasRunning = plannedState is null ? running : plannedState == RunningState;
            }
            else if (planned is not null && planned.Content.Trim() != before.Trim())
            {
                // An earlier attempt of this plan (its process killed or stopped) redefined the worker: finish what it began.
                await StartIfStoppedAsync(context, worker, cancellationToken).ConfigureAwait(false);
                (before, wasRunning) = (planned.Content, plannedState == RunningState);
            }
            else
            {
                context.Log.Info($"{worker.Name} already matches the plan.");
                continue;
            }

            var after = await hypervisor.GetDomainXmlAsync(worker.Name, inactive: true, cancellationToken).ConfigureAwait(false);
            artifacts.Add(new PlanArtifact(worker.Name + OriginalSuffix, "xml", before));
            artifacts.Add(new PlanArtifact(worker.Name + StateSuffix, "text", wasRunning ? RunningState : ShutOffState));
            artifacts.Add(new PlanArtifact($"{worker.Name}.after.xml", "xml", after));
            changed.Add(worker.Name);
        }

        return changed.Count == 0
            ? new StepOutcome(false, "All worker VMs already matched the plan; nothing was changed.")
            : new StepOutcome(true, $"Redefined and restarted {string.Join(", ", changed)} with their VFs.", artifacts);
    }

    public async Task<StepOutcome> TeardownAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var hypervisor = context.Lab.Hypervisor;
        var originals = (context.Recorded ?? []).Where(a => a.Name.EndsWith(OriginalSuffix, StringComparison.Ordinal)).ToList();
        var domains = await hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false);
        var restored = new List<string>();
        foreach (var original in originals)
        {
            var name = original.Name[..^OriginalSuffix.Length];
            if (!domains.Contains(name, StringComparer.Ordinal))
            {
                context.Log.Warn($"{name} no longer exists; its original definition is kept in the run's artifacts ({original.Name}).");
                continue;
            }

            if ((await hypervisor.GetDomainXmlAsync(name, inactive: true, cancellationToken).ConfigureAwait(false)).Trim() == original.Content.Trim())
            {
                context.Log.Info($"{name} already has its original definition.");
                continue;
            }

            var running = await hypervisor.IsRunningAsync(name, cancellationToken).ConfigureAwait(false);
            var startAgain = (context.Recorded ?? []).FirstOrDefault(a => a.Name == name + StateSuffix) is { } state ? state.Content == RunningState : running;
            if (running)
            {
                await ShutdownAsync(context, name, cancellationToken).ConfigureAwait(false);
            }

            await RemoveNvramOfPatchedAsync(context, name, original.Content, cancellationToken).ConfigureAwait(false);
            context.Log.Write(RunLogLevel.Command, $"virDomainDefineXML({name}) with its original definition ({original.Name})");
            await hypervisor.DefineDomainAsync(original.Content, cancellationToken).ConfigureAwait(false);
            if (startAgain)
            {
                context.Log.Write(RunLogLevel.Command, $"virDomainCreate({name})");
                await hypervisor.StartAsync(name, cancellationToken).ConfigureAwait(false);
            }

            restored.Add(name);
        }

        return restored.Count == 0
            ? new StepOutcome(false, originals.Count == 0 ? "No worker definition was replaced by this run; nothing to restore." : "Every worker already has its original definition.")
            : new StepOutcome(true, $"Restored the original definition of {string.Join(", ", restored)}; their VFs are released.");
    }

    /// <summary>
    /// UEFI variables libvirt created for the patched definition would outlive it: undefine with them
    /// (VIR_DOMAIN_UNDEFINE_NVRAM) before the original definition, which has none, is put back.
    /// </summary>
    private static async Task RemoveNvramOfPatchedAsync(StepContext context, string name, string originalXml, CancellationToken cancellationToken)
    {
        static bool IsUefi(XElement? os) => os is not null && ((string?)os.Attribute("firmware") == "efi" || os.Element("nvram") is not null);
        var current = XDocument.Parse(await context.Lab.Hypervisor.GetDomainXmlAsync(name, inactive: true, cancellationToken).ConfigureAwait(false));
        if (!IsUefi(current.Root?.Element("os")) || IsUefi(XDocument.Parse(originalXml).Root?.Element("os")))
        {
            return;
        }

        context.Log.Write(RunLogLevel.Command, $"virDomainUndefineFlags({name}, VIR_DOMAIN_UNDEFINE_NVRAM): the patched definition's UEFI variables go with it");
        await context.Lab.Hypervisor.UndefineAsync(name, removeNvram: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A worker already redefined as planned runs after Apply, as one Apply redefines and starts it.</summary>
    private static async Task StartIfStoppedAsync(StepContext context, WorkerVmPlan worker, CancellationToken cancellationToken)
    {
        var hypervisor = context.Lab.Hypervisor;
        if (await hypervisor.IsRunningAsync(worker.Name, cancellationToken).ConfigureAwait(false))
        {
            context.Log.Info($"{worker.Name} was already redefined and started by an earlier attempt of this plan.");
            return;
        }

        context.Log.Write(RunLogLevel.Command, $"virDomainCreate({worker.Name}): an earlier attempt of this plan redefined it but did not start it");
        await hypervisor.StartAsync(worker.Name, cancellationToken).ConfigureAwait(false);
        await VerifyAsync(hypervisor, worker, cancellationToken).ConfigureAwait(false);
    }

    /// <returns>Whether the worker was running before.</returns>
    private static async Task<bool> ReplaceDefinitionAsync(StepContext context, WorkerVmPlan worker, string originalXml, CancellationToken cancellationToken)
    {
        var hypervisor = context.Lab.Hypervisor;
        var wasRunning = await hypervisor.IsRunningAsync(worker.Name, cancellationToken).ConfigureAwait(false);
        if (wasRunning)
        {
            await ShutdownAsync(context, worker.Name, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            context.Log.Write(RunLogLevel.Command, $"virDomainDefineXML({worker.Name}) with {worker.VfAddresses.Count} VF(s)");
            await hypervisor.DefineDomainAsync(worker.PatchedXml, cancellationToken).ConfigureAwait(false);
            context.Log.Write(RunLogLevel.Command, $"virDomainCreate({worker.Name})");
            await hypervisor.StartAsync(worker.Name, cancellationToken).ConfigureAwait(false);
            await VerifyAsync(hypervisor, worker, cancellationToken).ConfigureAwait(false);
            context.Log.Info($"{worker.Name} runs with VF(s) {string.Join(", ", worker.VfAddresses)}.");
            return wasRunning;
        }
        catch (Exception e) when (e is LibvirtException or ActionableException)
        {
            context.Log.Error($"{worker.Name}: {e.Message} Redefining the original XML.");
            if (await hypervisor.IsRunningAsync(worker.Name, CancellationToken.None).ConfigureAwait(false))
            {
                // Started with the patched definition but not as planned: it must not keep the VF.
                await hypervisor.ShutdownAsync(worker.Name, TimeSpan.Zero, destroyAfterTimeout: true, CancellationToken.None).ConfigureAwait(false);
            }

            await RemoveNvramOfPatchedAsync(context, worker.Name, originalXml, CancellationToken.None).ConfigureAwait(false);
            await hypervisor.DefineDomainAsync(originalXml, CancellationToken.None).ConfigureAwait(false);
            if (wasRunning && !await hypervisor.IsRunningAsync(worker.Name, CancellationToken.None).ConfigureAwait(false))
            {
                await hypervisor.StartAsync(worker.Name, CancellationToken.None).ConfigureAwait(false);
            }

            var named = WorkerStartFailure.Explain(worker.Name, e.Message);
            throw new ActionableException(
                $"Patching {worker.Name} failed: {(named is { } n ? n.Cause + " " : "")}{e.Message} The original domain XML was redefined{(wasRunning ? " and the VM started again" : "")}.",
                named?.Fix ?? "Check the planned XML (virt-xml-validate FILE domain) and the hypervisor log, then apply again.",
                failedCall: e is LibvirtException l ? l.Call : (e as ActionableException)?.FailedCall,
                inner: e);
        }
    }

    /// <summary>Graceful shutdown; after the timeout the worker is destroyed only with the operator's consent (<see cref="RunSettings.ForceOffWorkers"/>).</summary>
    private static async Task ShutdownAsync(StepContext context, string name, CancellationToken cancellationToken)
    {
        var force = context.Settings.ForceOffWorkers;
        context.Log.Write(
            RunLogLevel.Command,
            $"virDomainShutdown({name}), waiting up to {ShutdownTimeout.TotalSeconds:0} s" + (force ? ", then virDomainDestroy" : ""));
        try
        {
            await context.Lab.Hypervisor.ShutdownAsync(name, ShutdownTimeout, destroyAfterTimeout: force, cancellationToken).ConfigureAwait(false);
        }
        catch (ActionableException e) when (!force)
        {
            throw new ActionableException(
                $"{name} did not shut down within {ShutdownTimeout.TotalSeconds:0} s and forcing workers off is not allowed; its definition was not changed.",
                $"Stop the VM yourself (shut the guest down, or: virsh destroy {name}), or tick \"Force off workers that don't shut down\" in the run settings; then apply (or tear down) again.",
                failedCall: e.FailedCall,
                field: nameof(RunSettings.ForceOffWorkers),
                inner: e);
        }
    }

    private static async Task VerifyAsync(IHypervisor hypervisor, WorkerVmPlan worker, CancellationToken cancellationToken)
    {
        if (!await hypervisor.IsRunningAsync(worker.Name, cancellationToken).ConfigureAwait(false))
        {
            throw new ActionableException($"{worker.Name} is not running after start.", "Start it (virsh start NAME) and read its QEMU log.", failedCall: $"virDomainCreate({worker.Name})");
        }

        var kept = PatchedDomainInvariants.Check(await hypervisor.GetDomainXmlAsync(worker.Name, inactive: true, cancellationToken).ConfigureAwait(false), worker.VfAddresses);
        if (kept.Count > 0)
        {
            throw new ActionableException(
                $"libvirt did not keep the patched definition of {worker.Name}: {string.Join("; ", kept)}.",
                "Compare the planned XML with: virsh dumpxml --inactive NAME; the hypervisor's libvirt or QEMU may be too old.",
                failedCall: $"virDomainGetXMLDesc({worker.Name}, VIR_DOMAIN_XML_INACTIVE)");
        }

        var attached = DomainHostdevs.PciAddresses(await hypervisor.GetDomainXmlAsync(worker.Name, inactive: false, cancellationToken).ConfigureAwait(false));
        var missing = worker.VfAddresses.Except(attached, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new ActionableException($"{worker.Name} runs without VF(s) {string.Join(", ", missing)}.", "Check the domain XML (virsh dumpxml NAME).", failedCall: $"virDomainGetXMLDesc({worker.Name})");
        }
    }

    /// <summary>A VF already passed through to a VM outside the plan (or to another worker) cannot be given again.</summary>
    private static async Task RefuseVfsHeldByOtherDomainsAsync(IHypervisor hypervisor, VfPlacement placed, CancellationToken cancellationToken)
    {
        var plannedFor = placed.Assignments
            .SelectMany(a => a.VfAddresses.Select(vf => (Vf: vf, a.Worker)))
            .ToDictionary(p => p.Vf, p => p.Worker, StringComparer.Ordinal);
        foreach (var domain in await hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false))
        {
            var xml = await hypervisor.GetDomainXmlAsync(domain, inactive: true, cancellationToken).ConfigureAwait(false);
            foreach (var address in DomainHostdevs.PciAddresses(xml))
            {
                if (plannedFor.TryGetValue(address, out var worker) && worker != domain)
                {
                    throw new ActionableException(
                        $"VF {address} is planned for {worker} but is already passed through to {domain}.",
                        $"Detach it from {domain} (virsh detach-device {domain} FILE --config), then plan again.",
                        failedCall: $"virDomainGetXMLDesc({domain})");
                }
            }
        }
    }

    /// <summary>The host's NUMA cells as sysfs lists them (<c>/sys/devices/system/node/nodeN/cpulist</c>).</summary>
    private static List<NumaCell> ReadHostCells(ISysfs sysfs) =>
        sysfs.List(NumaNodes)
            .Where(n => n.StartsWith("node", StringComparison.Ordinal) && int.TryParse(n.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(n => (Id: int.Parse(n.AsSpan(4), CultureInfo.InvariantCulture), CpuList: $"{NumaNodes}/{n}/cpulist"))
            .Where(n => sysfs.Exists(n.CpuList))
            .Select(n => new NumaCell(n.Id, [.. CpuSet.Parse(sysfs.ReadText(n.CpuList).Trim())]))
            .ToList();

    /// <summary>sysfs <c>numa_node</c> of the PF; -1 (no NUMA) or missing gives null.</summary>
    private static int? ReadPfNumaNode(ISysfs sysfs, string pfAddress)
    {
        var path = SysfsPaths.DeviceFile(pfAddress, "numa_node");
        return sysfs.Exists(path) && int.TryParse(sysfs.ReadText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var node) && node >= 0
            ? node
            : null;
    }

    private static async Task<VfPlacement> PlaceAsync(StepContext context, IReadOnlyList<string> vfs, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var byNuma = settings.VfPlacement == VfPlacementMode.PfNumaNode;
        var cells = byNuma ? ReadHostCells(context.Lab.Sysfs) : [];
        var workers = new List<WorkerPlacementInfo>();
        foreach (var name in settings.Workers)
        {
            var node = byNuma
                ? DomainNumaAffinity.NodeOf(await context.Lab.Hypervisor.GetDomainXmlAsync(name, inactive: true, cancellationToken).ConfigureAwait(false), cells)
                : null;
            workers.Add(new WorkerPlacementInfo(name, node));
        }

        var pool = new VfPool(settings.PfAddress, byNuma ? ReadPfNumaNode(context.Lab.Sysfs, settings.PfAddress) : null, vfs);
        return VfPlacementPlanner.Plan(pool, workers, settings.VfsPerWorker, new VfPlacementPreferences(settings.VfPlacement, settings.VfOverrides));
    }
}

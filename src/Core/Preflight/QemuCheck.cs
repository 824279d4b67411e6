using System.Globalization;
using System.Text.RegularExpressions;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Preflight;

/// <summary>
/// The QEMU that libvirt runs on this host: its version, and whether it offers the emulated Intel IOMMU
/// (<c>intel-iommu</c>) that the workers need to see their VFs through a vIOMMU. Read from the emulator itself
/// (<c>-device help</c>) through the lab's process runner, so only for a hypervisor on this host.
/// </summary>
public sealed partial class QemuCheck : IPreflightCheck
{
    /// <summary>Debian/Ubuntu/Arch name first, then the RHEL/Fedora one.</summary>
    private static readonly string[] Emulators = ["qemu-system-x86_64", "/usr/libexec/qemu-kvm"];

    private const string Title = "QEMU with intel-iommu";

    private const string Why = "Each worker sees its VF behind an emulated Intel IOMMU (<iommu model='intel'>, QEMU's intel-iommu device); without it the guest cannot use vfio-pci with --iova-mode=va.";

    public string Id => "qemu";

    /// <summary>How long the emulator may take to list its devices.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(20);

    public async Task<IReadOnlyList<StepFinding>> RunAsync(PreflightContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var uri = context.Lab.Hypervisor.Uri;
        if (Scheme(uri) == "test")
        {
            return [new StepFinding("qemu.intel-iommu", FindingSeverity.Info, Title, $"not applicable: {uri} is libvirt's test driver, which runs no QEMU")];
        }

        if (IsRemote(uri))
        {
            return
            [
                new StepFinding(
                    "qemu.intel-iommu",
                    FindingSeverity.Warning,
                    Title,
                    $"unknown: {uri} is a remote hypervisor and its QEMU is not run from here",
                    Why,
                    "On the hypervisor run: qemu-system-x86_64 -device help | grep intel-iommu (RHEL: /usr/libexec/qemu-kvm -device help)."),
            ];
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        foreach (var emulator in Emulators)
        {
            try
            {
                return [await ProbeAsync(context.Lab.Processes, emulator, timeout.Token).ConfigureAwait(false)];
            }
            catch (ProgramNotFoundException)
            {
                // Try the next distribution's name.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return [new StepFinding("qemu.intel-iommu", FindingSeverity.Warning, Title, $"unknown: {emulator} -device help did not answer within {Timeout.TotalSeconds:0} s", Why, $"Run {emulator} -device help by hand and look for intel-iommu.")];
            }
        }

        return
        [
            new StepFinding(
                "qemu.intel-iommu",
                FindingSeverity.Error,
                Title,
                $"no QEMU emulator found ({string.Join(", ", Emulators)})",
                "libvirt runs the worker VMs with QEMU/KVM. " + Why,
                "Install QEMU: apt install qemu-system-x86 (Debian/Ubuntu) or dnf install qemu-kvm (Fedora/RHEL)."),
        ];
    }

    private static async Task<StepFinding> ProbeAsync(IProcessRunner processes, string emulator, CancellationToken cancellationToken)
    {
        var version = await processes.RunAsync(emulator, ["--version"], cancellationToken).ConfigureAwait(false);
        var devices = await processes.RunAsync(emulator, ["-device", "help"], cancellationToken).ConfigureAwait(false);
        var shown = VersionPattern().Match(version.StandardOutput) is { Success: true } match ? match.Groups[1].Value : "of unknown version";
        var offersIntelIommu = devices.StandardOutput.Contains("name \"intel-iommu\"", StringComparison.Ordinal);
        var observed = string.Create(CultureInfo.InvariantCulture, $"QEMU {shown} ({emulator}) {(offersIntelIommu ? "offers" : "does not offer")} intel-iommu");
        return offersIntelIommu
            ? new StepFinding("qemu.intel-iommu", FindingSeverity.Ok, Title, observed)
            : new StepFinding(
                "qemu.intel-iommu",
                FindingSeverity.Error,
                Title,
                devices.Succeeded ? observed : $"{emulator} -device help failed (exit {devices.ExitCode}): {devices.StandardError.Trim()}",
                Why,
                "Install a QEMU build for x86_64 with the Intel IOMMU device (the distribution's qemu-system-x86 / qemu-kvm package has it).");
    }

    /// <summary><c>qemu+ssh</c> → <c>qemu</c>.</summary>
    private static string Scheme(string uri) => uri.Split(':', 2)[0].Split('+', 2)[0];

    /// <summary>A libvirt URI names a host (<c>qemu+ssh://root@hv1/system</c>) when its authority is not empty.</summary>
    private static bool IsRemote(string uri) => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && !string.IsNullOrEmpty(parsed.Host);

    [GeneratedRegex(@"version (\d+\.\d+(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}

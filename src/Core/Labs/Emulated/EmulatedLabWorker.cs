using System.Globalization;
using System.Security;
using VirtSriov.Core.Host.Remote;
using VirtSriov.Core.Libvirt;

namespace VirtSriov.Core.Labs.Emulated;

/// <summary>
/// The emulated lab's worker VM, shaped like a kcli worker (i440fx, BIOS, kcli's <c>kvirt:info</c> metadata, serial
/// console, guest agent channel) but small enough to boot under nested TCG: type qemu, 1 vCPU, direct kernel boot of the
/// lab kernel and a worker initramfs, both uploaded over SFTP to the guest's tmpfs (<see cref="Folder"/>). It is
/// defined through the product's own libvirt binding over qemu+ssh, as the lab's fixture for the Worker VMs step.
/// </summary>
public sealed class EmulatedLabWorker(string labCache, string scriptsDirectory)
{
    public const string Name = "virtsriov-worker-0";

    /// <summary>On the lab guest's tmpfs (/run), which libvirtd's QEMU can read (the lab runs it without a private mount namespace).</summary>
    public const string Folder = "/run/virtsriov-worker";

    public const string ConsoleLog = Folder + "/console.log";

    /// <summary>The worker's RAM: far below q35's low-memory split, so the VF's BARs stay below 4 GiB in the worker too.</summary>
    public const long MemoryMiB = 512;

    /// <summary>
    /// The lab's worker RAM ceiling (<see cref="Steps.RunSettings.MaxWorkerMemoryMiB"/>): 2560 MiB worked; above q35's
    /// low-memory split (2.75 GiB) firmware opens a 64-bit PCI window and the VF BARs land above 4 GiB, where the lab's
    /// QEMU 10.0.2 loses VF register accesses (emulated-lab.md, "The whole chain, nested").
    /// </summary>
    public const int MaxWorkerMemoryMiB = 2560;

    private const string KernelCommandLine = "console=ttyS0 intel_iommu=on iommu=pt loglevel=4 no_timer_check panic=-1";

    /// <summary>The purpose-built worker initramfs (testpmd, guest agent) when prepared, else the minimal one (busybox).</summary>
    public string InitrdPath =>
        File.Exists(Path.Combine(labCache, "worker-initrd.cpio")) ? Path.Combine(labCache, "worker-initrd.cpio") : Path.Combine(labCache, "worker-minimal-initrd.gz");

    /// <summary>Uploads the kernel and initramfs and defines the worker unless it exists; true when it was defined now.</summary>
    /// <exception cref="ActionableException">An upload failed, or libvirt refused the domain.</exception>
    public async Task<bool> EnsureDefinedAsync(SshConnection ssh, IHypervisor hypervisor, string? initrd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ssh);
        ArgumentNullException.ThrowIfNull(hypervisor);
        if ((await hypervisor.ListDomainNamesAsync(cancellationToken).ConfigureAwait(false)).Contains(Name, StringComparer.Ordinal))
        {
            return false;
        }

        initrd ??= await MinimalOrPreparedInitrdAsync(cancellationToken).ConfigureAwait(false);
        ssh.Sftp($"mkdir {Folder}", sftp =>
        {
            if (!sftp.Exists(Folder))
            {
                sftp.CreateDirectory(Folder);
            }

            return true;
        });
        Upload(ssh, Path.Combine(labCache, "vmlinuz"), Folder + "/vmlinuz");
        Upload(ssh, initrd, Folder + "/initrd.img");
        await hypervisor.DefineDomainAsync(DomainXml(Name, Folder + "/vmlinuz", Folder + "/initrd.img", MemoryMiB * 1024), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>What the worker printed on its serial console so far (empty before its first start).</summary>
    public static string ReadConsole(SshConnection ssh)
    {
        ArgumentNullException.ThrowIfNull(ssh);
        return ssh.Sftp($"read {ConsoleLog}", sftp => sftp.Exists(ConsoleLog) ? sftp.ReadAllText(ConsoleLog) : "");
    }

    /// <summary>The kcli-shaped domain: i440fx with BIOS, as kcli creates workers, before the Worker VMs step patches it.</summary>
    public static string DomainXml(string name, string kernel, string initrd, long memoryKiB) => $"""
        <domain type='qemu'>
          <name>{SecurityElement.Escape(name)}</name>
          <metadata>
            <kvirt:info xmlns:kvirt="kvirt">
              <kvirt:profile>kvirt</kvirt:profile>
              <kvirt:plan>virtsriov-lab</kvirt:plan>
              <kvirt:kube>virtsriov-lab</kvirt:kube>
              <kvirt:kubetype>generic</kvirt:kubetype>
            </kvirt:info>
          </metadata>
          <memory unit='KiB'>{memoryKiB.ToString(CultureInfo.InvariantCulture)}</memory>
          <currentMemory unit='KiB'>{memoryKiB.ToString(CultureInfo.InvariantCulture)}</currentMemory>
          <vcpu placement='static'>1</vcpu>
          <os>
            <type arch='x86_64' machine='pc'>hvm</type>
            <kernel>{SecurityElement.Escape(kernel)}</kernel>
            <initrd>{SecurityElement.Escape(initrd)}</initrd>
            <cmdline>{KernelCommandLine}</cmdline>
          </os>
          <features>
            <acpi/>
            <apic/>
            <pae/>
          </features>
          <cpu mode='maximum' check='none'/>
          <clock offset='utc'/>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>restart</on_reboot>
          <on_crash>destroy</on_crash>
          <devices>
            <emulator>/usr/bin/qemu-system-x86_64</emulator>
            <controller type='usb' index='0' model='piix3-uhci'/>
            <controller type='pci' index='0' model='pci-root'/>
            <serial type='file'>
              <source path='{ConsoleLog}'/>
              <target type='isa-serial' port='0'/>
            </serial>
            <channel type='unix'>
              <target type='virtio' name='org.qemu.guest_agent.0'/>
            </channel>
            <memballoon model='none'/>
          </devices>
        </domain>
        """;

    private async Task<string> MinimalOrPreparedInitrdAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(InitrdPath))
        {
            var built = await new Processes.ProcessRunner().RunAsync("bash", [Path.Combine(scriptsDirectory, "minimal-worker-initrd.sh")], cancellationToken).ConfigureAwait(false);
            if (!built.Succeeded)
            {
                throw new Steps.ActionableException(
                    $"The worker initramfs could not be built: {built.StandardError.Trim()}",
                    "Prepare the lab as root: sudo bash scripts/install-prereqs.sh --lab.",
                    failedCall: "scripts/emulated-lab/minimal-worker-initrd.sh");
            }
        }

        return InitrdPath;
    }

    private static void Upload(SshConnection ssh, string local, string remote) =>
        ssh.Sftp($"upload {remote}", sftp =>
        {
            using var file = File.OpenRead(local);
            sftp.UploadFile(file, remote, canOverride: true);
            return true;
        });
}

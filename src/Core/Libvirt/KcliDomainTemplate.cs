using System.Globalization;
using System.Security;
using System.Security.Cryptography;
using System.Text;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// A domain XML shaped like the ones <c>kcli create kube openshift</c> defines: i440fx machine with BIOS,
/// qcow2 disk on virtio, virtio NIC on the default network, serial console, guest agent channel, VNC on localhost,
/// and kcli's <c>kvirt:info</c> metadata (plan, kube, kubetype). UUID and MAC are derived from the name, so a
/// redefinition after a restart gives the same domain.
/// </summary>
public static class KcliDomainTemplate
{
    private const string Template = """
        <domain type='kvm'>
          <name>{name}</name>
          <uuid>{uuid}</uuid>
          <metadata>
            <kvirt:info xmlns:kvirt="kvirt">
              <kvirt:creationdate>14-03-2025 09:12</kvirt:creationdate>
              <kvirt:profile>kvirt</kvirt:profile>
              <kvirt:image>rhcos-417.94.202410090854-0-openstack.x86_64.qcow2</kvirt:image>
              <kvirt:plan>{plan}</kvirt:plan>
              <kvirt:kube>{plan}</kvirt:kube>
              <kvirt:kubetype>openshift</kvirt:kubetype>
            </kvirt:info>
          </metadata>
          <memory unit='KiB'>{memory}</memory>
          <currentMemory unit='KiB'>{memory}</currentMemory>
          <vcpu placement='static'>{vcpus}</vcpu>
          <os>
            <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>
            <boot dev='hd'/>
            <boot dev='cdrom'/>
            <bootmenu enable='yes' timeout='60'/>
          </os>
          <features>
            <acpi/>
            <apic/>
            <pae/>
          </features>
          <cpu mode='host-passthrough' check='none' migratable='on'/>
          <clock offset='utc'/>
          <on_poweroff>destroy</on_poweroff>
          <on_reboot>restart</on_reboot>
          <on_crash>restart</on_crash>
          <devices>
            <emulator>/usr/bin/qemu-system-x86_64</emulator>
            <disk type='file' device='disk'>
              <driver name='qemu' type='qcow2'/>
              <source file='/var/lib/libvirt/images/{name}_0.img'/>
              <target dev='vda' bus='virtio'/>
            </disk>
            <controller type='usb' index='0' model='piix3-uhci'/>
            <controller type='pci' index='0' model='pci-root'/>
            <interface type='network'>
              <mac address='{mac}'/>
              <source network='default'/>
              <model type='virtio'/>
            </interface>
            <serial type='pty'>
              <target type='isa-serial' port='0'/>
            </serial>
            <console type='pty'>
              <target type='serial' port='0'/>
            </console>
            <channel type='unix'>
              <target type='virtio' name='org.qemu.guest_agent.0'/>
            </channel>
            <input type='tablet' bus='usb'/>
            <graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1'>
              <listen type='address' address='127.0.0.1'/>
            </graphics>
            <video>
              <model type='vga' vram='16384' heads='1' primary='yes'/>
            </video>
            <memballoon model='virtio'/>
            <rng model='virtio'>
              <backend model='random'>/dev/urandom</backend>
            </rng>
          </devices>
        </domain>
        """;

    public static string Render(string name, string plan, long memoryKiB, int vcpus)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16).ToArray();
        return Template
            .Replace("{name}", SecurityElement.Escape(name), StringComparison.Ordinal)
            .Replace("{plan}", SecurityElement.Escape(plan), StringComparison.Ordinal)
            .Replace("{uuid}", new Guid(hash).ToString(), StringComparison.Ordinal)
            .Replace("{mac}", string.Create(CultureInfo.InvariantCulture, $"52:54:00:{hash[0]:x2}:{hash[1]:x2}:{hash[2]:x2}"), StringComparison.Ordinal)
            .Replace("{memory}", memoryKiB.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{vcpus}", vcpus.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}

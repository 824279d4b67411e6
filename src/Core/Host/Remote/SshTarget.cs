using System.Globalization;
using VirtSriov.Core.Libvirt;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Host.Remote;

/// <summary>The machine a <c>qemu+ssh://user@host[:port]/system</c> lab lives on, reached over SSH.</summary>
public sealed record SshTarget(string User, string Host, int Port)
{
    public const int DefaultPort = 22;

    /// <summary>The SSH target of a <c>+ssh</c> libvirt URI, or null for a local or non-SSH one.</summary>
    /// <exception cref="ActionableException">The port is not a number from 1 to 65535 (field <c>LibvirtUri</c>).</exception>
    public static SshTarget? From(LibvirtUri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Transport != "ssh" || uri.Host is null)
        {
            return null;
        }

        var (host, port) = SplitPort(uri);
        return new SshTarget(uri.User ?? "root", host, port);
    }

    /// <summary>The host as known_hosts writes it: the bare name on port 22, else <c>[host]:port</c>.</summary>
    public string KnownHostsName => Port == DefaultPort ? Host : $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}";

    public override string ToString() => $"{User}@{Host}:{Port.ToString(CultureInfo.InvariantCulture)}";

    private static (string Host, int Port) SplitPort(LibvirtUri uri)
    {
        var text = uri.Host!;
        var colon = text.LastIndexOf(':');
        if (colon < 0 || text.EndsWith(']'))
        {
            return (text.Trim('[', ']'), DefaultPort);
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ActionableException(
                $"The connection URI '{uri}' names the port '{text[(colon + 1)..]}', which is not a TCP port.",
                "Write the port as a number from 1 to 65535, e.g. qemu+ssh://root@kvm-host:2222/system, or leave it out for port 22.",
                field: "LibvirtUri");
        }

        return (text[..colon].Trim('[', ']'), port);
    }
}

using System.Text.RegularExpressions;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Libvirt;

/// <summary>
/// A libvirt connection URI checked before libvirt sees it: libvirt hands a scheme no driver claims to its remote
/// driver, which then fails with an unrelated socket error, so an unknown scheme is refused here with the list of
/// supported ones.
/// </summary>
/// <param name="Text">The URI as given, e.g. <c>qemu+ssh://root@kvm1/system</c>.</param>
/// <param name="Driver">The hypervisor driver: <c>qemu</c> or <c>test</c>.</param>
/// <param name="Transport">The remote transport (<c>ssh</c>, <c>tcp</c>), or null for a local connection.</param>
/// <param name="User">The remote user, or null.</param>
/// <param name="Host">The remote host, or null for a local connection.</param>
/// <param name="Path">The path: <c>/system</c>, <c>/session</c>, <c>/default</c>, or a test driver file.</param>
public sealed partial record LibvirtUri(string Text, string Driver, string? Transport, string? User, string? Host, string Path)
{
    /// <summary>The schemes the product supports, in the order they are suggested.</summary>
    public static IReadOnlyList<string> SupportedSchemes { get; } = ["qemu", "qemu+ssh", "qemu+tcp", "test"];

    /// <exception cref="ActionableException">Not a URI, or a scheme outside <see cref="SupportedSchemes"/> (field <c>LibvirtUri</c>).</exception>
    public static LibvirtUri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var match = Pattern().Match(uri);
        if (!match.Success)
        {
            throw Refuse(uri, $"'{uri}' is not a libvirt connection URI (expected scheme://[user@]host/path, e.g. qemu:///system).");
        }

        var scheme = match.Groups["scheme"].Value;
        if (!SupportedSchemes.Contains(scheme, StringComparer.Ordinal))
        {
            throw Refuse(uri, $"The connection URI '{uri}' uses the scheme '{scheme}', which VirtSriov does not support.");
        }

        var plus = scheme.IndexOf('+', StringComparison.Ordinal);
        var host = match.Groups["host"].Value;
        var user = match.Groups["user"].Value;
        if (plus > 0 && host.Length == 0)
        {
            throw Refuse(uri, $"The connection URI '{uri}' uses the remote transport '{scheme[(plus + 1)..]}' but names no host.");
        }

        return new LibvirtUri(
            uri,
            plus < 0 ? scheme : scheme[..plus],
            plus < 0 ? null : scheme[(plus + 1)..],
            user.Length == 0 ? null : user,
            host.Length == 0 ? null : host,
            match.Groups["path"].Value);
    }

    public bool IsRemote => Host is not null;

    public override string ToString() => Text;

    private static ActionableException Refuse(string uri, string message) =>
        new(
            message,
            "Use one of " + string.Join(", ", SupportedSchemes.Select(s => s + "://")) + ", e.g. qemu:///system on the hypervisor itself, "
            + "qemu+ssh://root@kvm-host/system for a remote one, or test:///default for the simulated lab.",
            failedCall: $"open libvirt connection \"{uri}\"",
            field: "LibvirtUri");

    [GeneratedRegex("^(?<scheme>[a-z][a-z0-9+.-]*)://(?:(?<user>[^@/]+)@)?(?<host>[^/]*)(?<path>/.*)$")]
    private static partial Regex Pattern();
}

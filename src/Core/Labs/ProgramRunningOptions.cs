using VirtSriov.Core.Steps;
using YamlDotNet.RepresentationModel;

namespace VirtSriov.Core.Labs;

/// <summary>
/// Options in a lab's kubeconfig or libvirt URI that make the dashboard (running as root) start a program or read a
/// file of the host: kubeconfig <c>exec</c> plugins, auth providers and file references; libvirt transports and URI
/// parameters that run a command or name local files. They are refused unless the operator explicitly allows them.
/// </summary>
public static class ProgramRunningOptions
{
    private static readonly Dictionary<string, string> KubeconfigKeys = new(StringComparer.Ordinal)
    {
        ["exec"] = "runs a credential plugin program",
        ["auth-provider"] = "runs an auth provider (gcp/oidc helpers may start programs)",
        ["tokenFile"] = "reads a token from a file of this host",
        ["client-certificate"] = "reads a client certificate from a file of this host (use client-certificate-data)",
        ["client-key"] = "reads a client key from a file of this host (use client-key-data)",
        ["certificate-authority"] = "reads a CA from a file of this host (use certificate-authority-data)",
    };

    private static readonly Dictionary<string, string> LibvirtParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["command"] = "runs the given command as the transport",
        ["netcat"] = "runs the given netcat binary",
        ["proxy"] = "runs a proxy program for the connection",
        ["socket"] = "connects to a socket file of this host",
        ["keyfile"] = "reads an SSH key file of this host",
        ["known_hosts"] = "reads a known_hosts file of this host",
        ["known_hosts_verify"] = "changes SSH host key verification",
        ["no_verify"] = "turns off host verification",
        ["pkipath"] = "reads TLS keys from a folder of this host",
        ["sshauth"] = "changes SSH authentication methods",
        ["mode"] = "changes which daemon program answers",
    };

    /// <summary>The audit trail's note for options the operator allowed: empty when there are none.</summary>
    public static string AuditNote(IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return allowed.Count == 0 ? "" : $"; operator allowed options that run programs or read host files: {string.Join("; ", allowed)}";
    }

    /// <summary>What in a lab's libvirt URI and kubeconfig (either may be absent) runs a program or reads a host file.</summary>
    public static IReadOnlyList<string> InLab(string? libvirtUri, string? kubeconfigYaml) =>
        [.. libvirtUri is null ? [] : InLibvirtUri(libvirtUri), .. kubeconfigYaml is null ? [] : InKubeconfig(kubeconfigYaml)];

    /// <summary>What in the kubeconfig runs a program or reads a host file; empty when nothing does.</summary>
    public static IReadOnlyList<string> InKubeconfig(string kubeconfigYaml)
    {
        ArgumentNullException.ThrowIfNull(kubeconfigYaml);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(kubeconfigYaml));
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return []; // Not YAML: the kubeconfig reader refuses it with its own message.
        }

        var found = new List<string>();
        foreach (var document in stream.Documents)
        {
            Collect(document.RootNode, "", found);
        }

        return found;
    }

    /// <summary>What in the libvirt URI runs a program or reads a host file; empty when nothing does.</summary>
    public static IReadOnlyList<string> InLibvirtUri(string libvirtUri)
    {
        ArgumentNullException.ThrowIfNull(libvirtUri);
        var found = new List<string>();
        var scheme = libvirtUri.Split(':', 2)[0];
        if (scheme.EndsWith("+ext", StringComparison.OrdinalIgnoreCase))
        {
            found.Add($"transport 'ext' runs an external program");
        }

        var query = libvirtUri.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? libvirtUri[(at + 1)..] : "";
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = Uri.UnescapeDataString(pair.Split('=', 2)[0]);
            if (LibvirtParameters.TryGetValue(name, out var why))
            {
                found.Add($"parameter '{name}' {why}");
            }
        }

        return found;
    }

    /// <summary>
    /// Refuses to open a lab whose stored URI or kubeconfig runs programs or reads host files unless the operator allowed
    /// it: labs stored before such options were refused at entry, or edited behind the dashboard's back.
    /// </summary>
    /// <exception cref="ActionableException">The lab has such options and the operator did not allow them.</exception>
    public static void EnsureAllowed(LabDefinition lab, string? kubeconfigYaml)
    {
        ArgumentNullException.ThrowIfNull(lab);
        if (lab.AllowsProgramOptions)
        {
            return;
        }

        if (InLibvirtUri(lab.LibvirtUri) is { Count: > 0 } inUri)
        {
            throw Refusal(lab, "libvirt URI", inUri, "LibvirtUri");
        }

        if (kubeconfigYaml is not null && InKubeconfig(kubeconfigYaml) is { Count: > 0 } inKubeconfig)
        {
            throw Refusal(lab, "kubeconfig", inKubeconfig, "Kubeconfig");
        }
    }

    private static ActionableException Refusal(LabDefinition lab, string what, IReadOnlyList<string> risky, string field) =>
        new(
            $"Lab '{lab.Name}': its stored {what} would make the dashboard (root) run programs or read host files, and nobody allowed it: {string.Join("; ", risky)}.",
            "Edit the lab on the Labs page (or PUT /api/labs/{id}): remove those options, or allow them explicitly (audited).",
            field: field);

    private static void Collect(YamlNode node, string path, List<string> found)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? "";
                    var here = path.Length == 0 ? name : $"{path}.{name}";
                    if (KubeconfigKeys.TryGetValue(name, out var why))
                    {
                        found.Add($"'{here}' {why}");
                    }

                    Collect(value, here, found);
                }

                break;
            case YamlSequenceNode sequence:
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    var label = item is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode s ? s.Value : index.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Collect(item, $"{path}[{label}]", found);
                    index++;
                }

                break;
            default:
                break;
        }
    }
}

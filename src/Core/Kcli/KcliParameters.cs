using VirtSriov.Core.Steps;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace VirtSriov.Core.Kcli;

/// <summary>
/// A kcli parameter file for <c>kcli create kube openshift --paramfile</c>: the cluster the recipe runs on, with
/// UEFI q35 nodes and kcli's Intel vIOMMU. Names follow kcli's own parameters (snake_case, as in kcli's
/// <c>kvirt/cluster/openshift/kcli_default.yml</c>; <c>uefi</c> and <c>iommu</c> are VM parameters kcli passes to
/// every node). Unset optional values are left out so kcli applies its own default.
/// </summary>
public sealed record KcliParameters
{
    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithQuotingNecessaryStrings()
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    public string Cluster { get; init; } = "virtsriov";

    /// <summary>kcli's release channel: <c>stable</c>, <c>candidate</c>, <c>nightly</c>…</summary>
    public string Version { get; init; } = "stable";

    /// <summary>OpenShift minor release within the channel, e.g. <c>4.18</c>.</summary>
    public string Tag { get; init; } = "4.18";

    /// <summary>DNS domain of the cluster (<c>api.&lt;cluster&gt;.&lt;domain&gt;</c>); kcli's default when null.</summary>
    public string? Domain { get; init; }

    public int Ctlplanes { get; init; } = 3;

    public int Workers { get; init; } = 2;

    public int Numcpus { get; init; } = 8;

    /// <summary>MiB per VM.</summary>
    public int Memory { get; init; } = 16384;

    /// <summary>GiB per VM.</summary>
    public int DiskSize { get; init; } = 120;

    /// <summary>libvirt network of the nodes.</summary>
    public string Network { get; init; } = "default";

    /// <summary>q35 with UEFI firmware, which the vIOMMU and VF passthrough need.</summary>
    public bool Uefi { get; init; } = true;

    /// <summary>kcli writes the Intel vIOMMU (intremap, caching_mode) and a QEMU ioapic into each VM.</summary>
    public bool Iommu { get; init; } = true;

    /// <summary>Path of the pull secret on the hypervisor (kcli expands <c>~</c>).</summary>
    public string PullSecret { get; init; } = "~/openshift_pull.json";

    /// <summary>Virtual IP of the API; on libvirt's DHCP network kcli picks a free one when null.</summary>
    public string? ApiIp { get; init; }

    /// <summary>Virtual IP of the ingress; kcli picks one when null.</summary>
    public string? IngressIp { get; init; }

    /// <summary>
    /// The parameters for a run: its cluster name and worker count. Node names then follow kcli's scheme
    /// <c>&lt;cluster&gt;-ctlplane-N</c> / <c>&lt;cluster&gt;-worker-N</c>, the names the Worker VMs step patches.
    /// </summary>
    public static KcliParameters For(RunSettings settings) => new()
    {
        Cluster = settings.ClusterName,
        Workers = settings.Workers.Count,
    };

    /// <summary>The parameter file's YAML.</summary>
    public string ToYaml() => Yaml.Serialize(this);
}

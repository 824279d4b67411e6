using VirtSriov.Core.Runs;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace VirtSriov.Core.Kcli;

/// <summary>
/// A kcli parameter file for <c>kcli create kube openshift --paramfile</c>: the cluster the recipe runs on, with
/// UEFI q35 workers and kcli's Intel vIOMMU. Names follow kcli's own parameters (snake_case).
/// </summary>
public sealed record KcliParameters
{
    private static readonly ISerializer Yaml = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithQuotingNecessaryStrings()
        .Build();

    public string Cluster { get; init; } = "virtsriov";

    /// <summary>kcli's release channel: <c>stable</c>, <c>candidate</c>, <c>nightly</c>…</summary>
    public string Version { get; init; } = "stable";

    /// <summary>OpenShift minor release within the channel, e.g. <c>4.18</c>.</summary>
    public string Tag { get; init; } = "4.18";

    public int Ctlplanes { get; init; } = 3;

    public int Workers { get; init; } = 2;

    public int Numcpus { get; init; } = 8;

    /// <summary>MiB per VM.</summary>
    public int Memory { get; init; } = 16384;

    /// <summary>GiB per VM.</summary>
    public int DiskSize { get; init; } = 120;

    /// <summary>q35 with UEFI firmware, which the vIOMMU and VF passthrough need.</summary>
    public bool Uefi { get; init; } = true;

    /// <summary>kcli writes the Intel vIOMMU (intremap, caching_mode) and a QEMU ioapic into each VM.</summary>
    public bool Iommu { get; init; } = true;

    public string PullSecret { get; init; } = "openshift_pull.json";

    public string ApiIp { get; init; } = "192.168.122.253";

    /// <summary>The parameters for a run: its cluster name and worker count, kcli's defaults otherwise.</summary>
    public static KcliParameters For(RunSettings settings) => new()
    {
        Cluster = settings.ClusterName,
        Workers = settings.Workers.Count,
    };

    /// <summary>The parameter file's YAML.</summary>
    public string ToYaml() => Yaml.Serialize(this);
}

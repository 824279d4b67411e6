using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Cluster.Manifests;

/// <summary>Hugepage sizes as the PerformanceProfile (<c>1G</c>, <c>2M</c>) and the pod resources (<c>hugepages-1Gi</c>) write them.</summary>
public static class Hugepages
{
    /// <summary>What one testpmd pod asks for: 1 GiB of hugepages, or less when the node has less.</summary>
    private const long PodMebibytes = 1024;

    public static long PageMebibytes(string size) => size switch
    {
        "1G" => 1024,
        "2M" => 2,
        _ => throw new ActionableException(
            $"Hugepage size '{size}' is not supported.",
            "Choose 1G or 2M.",
            field: nameof(RunSettings.HugepageSize)),
    };

    public static void EnsureSupported(string size) => PageMebibytes(size);

    /// <summary><c>hugepages-1Gi</c> or <c>hugepages-2Mi</c>.</summary>
    public static string ResourceName(string size) => "hugepages-" + size + "i";

    /// <summary>The pod's hugepage request as a quantity in Mi, e.g. <c>1024Mi</c>.</summary>
    public static string PodQuantity(RunSettings settings)
    {
        var page = PageMebibytes(settings.HugepageSize);
        var mebibytes = Math.Min(PodMebibytes, page * settings.HugepageCount);
        return $"{mebibytes - (mebibytes % page)}Mi";
    }
}

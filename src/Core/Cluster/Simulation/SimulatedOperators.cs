using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using VirtSriov.Core.Cluster.Manifests;

namespace VirtSriov.Core.Cluster.Simulation;

/// <summary>
/// The operators' reading of applied objects, as far as the simulation needs it: which objects configure the worker
/// pool (Machine Config Operator, Node Tuning Operator), what they make a node boot with, and which resource pools the
/// SR-IOV device plugin's DaemonSet advertises.
/// </summary>
internal static partial class SimulatedOperators
{
    public static bool ConfiguresWorkerPool(JsonObject body) =>
        (string?)body["kind"] switch
        {
            MachineConfig.KindName => (string?)body["metadata"]?["labels"]?[ClusterNames.MachineConfigRoleLabel] == ClusterNames.WorkerPool,
            PerformanceProfile.KindName => body["spec"]?["nodeSelector"]?.AsObject().ContainsKey(ClusterNames.WorkerRoleLabel) == true,
            _ => false,
        };

    /// <summary>The MachineConfigs every worker pool is rendered from before anything is applied.</summary>
    public static IReadOnlyList<string> BaseWorkerSources { get; } = ["00-worker", "01-worker-container-runtime", "01-worker-kubelet"];

    /// <summary>
    /// The render controller's <c>spec.configuration</c> for the worker pool: its MachineConfigs, a PerformanceProfile
    /// standing for the <c>50-performance-&lt;name&gt;</c> one the Node Tuning Operator makes of it, and a
    /// <c>rendered-worker-&lt;hash&gt;</c> name that changes with their content.
    /// </summary>
    public static (string Name, List<string> Sources) RenderWorkerPool(IEnumerable<JsonObject> bodies)
    {
        var pool = bodies.Where(ConfiguresWorkerPool).OrderBy(b => (string?)b["kind"], StringComparer.Ordinal).ThenBy(Name, StringComparer.Ordinal).ToList();
        var sources = BaseWorkerSources
            .Concat(pool.Select(b => (string?)b["kind"] == PerformanceProfile.KindName ? "50-performance-" + Name(b) : Name(b)))
            .Order(StringComparer.Ordinal)
            .ToList();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', pool.Select(b => b.ToJsonString()))));
        return ("rendered-worker-" + Convert.ToHexStringLower(hash)[..32], sources);
    }

    public static SimulatedWorkerConfig WorkerConfig(IEnumerable<JsonObject> bodies)
    {
        var pool = bodies.Where(ConfiguresWorkerPool).ToList();
        var vfioIds = pool
            .Where(b => (string?)b["kind"] == MachineConfig.KindName)
            .SelectMany(b => b["spec"]?["config"]?["storage"]?["files"]?.AsArray() ?? [])
            .Where(f => ((string?)f?["path"])?.StartsWith("/etc/modprobe.d/", StringComparison.Ordinal) == true)
            .SelectMany(f => VfioIds(DecodeDataUrl((string?)f?["contents"]?["source"] ?? "")))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var hugepages = pool
            .Where(b => (string?)b["kind"] == PerformanceProfile.KindName)
            .SelectMany(b => b["spec"]?["hugepages"]?["pages"]?.AsArray() ?? [])
            .Select(p => (Size: (string?)p?["size"] ?? "", Count: (int?)p?["count"] ?? 0))
            .Where(p => p.Size is "1G" or "2M")
            .GroupBy(p => p.Size)
            .ToDictionary(g => Hugepages.ResourceName(g.Key), g => Quantity(g.Sum(p => p.Count), g.Key));
        return new SimulatedWorkerConfig(vfioIds, hugepages);
    }

    /// <summary>Resource pools of every device plugin DaemonSet whose config map exists in its namespace.</summary>
    public static IReadOnlyList<DevicePluginResource> DevicePluginResources(IEnumerable<JsonObject> bodies)
    {
        var all = bodies.ToList();
        var configMaps = all
            .Where(b => (string?)b["kind"] == V1ConfigMap.KubeKind)
            .Select(b => KubernetesJson.Deserialize<V1ConfigMap>(b.ToJsonString()))
            .ToList();
        return all
            .Where(b => (string?)b["kind"] == V1DaemonSet.KubeKind)
            .Select(b => KubernetesJson.Deserialize<V1DaemonSet>(b.ToJsonString()))
            .SelectMany(ds => (ds.Spec?.Template?.Spec?.Volumes ?? [])
                .Where(v => v.ConfigMap is not null)
                .Select(v => configMaps.FirstOrDefault(cm => cm.Metadata.Name == v.ConfigMap.Name && cm.Metadata.NamespaceProperty == ds.Metadata.NamespaceProperty)))
            .OfType<V1ConfigMap>()
            .Select(DevicePluginManifests.ReadConfig)
            .OfType<DevicePluginConfig>()
            .SelectMany(c => c.ResourceList)
            .ToList();
    }

    private static string Name(JsonObject body) => (string?)body["metadata"]?["name"] ?? "";

    private static IEnumerable<string> VfioIds(string modprobeConf) =>
        VfioOptions().Matches(modprobeConf).SelectMany(m => m.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries));

    private static string DecodeDataUrl(string url)
    {
        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (!url.StartsWith("data:", StringComparison.Ordinal) || comma < 0)
        {
            return "";
        }

        var data = url[(comma + 1)..];
        return url[..comma].EndsWith(";base64", StringComparison.Ordinal)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(data))
            : Uri.UnescapeDataString(data);
    }

    private static string Quantity(int count, string size) =>
        size == "1G"
            ? string.Create(CultureInfo.InvariantCulture, $"{count}Gi")
            : string.Create(CultureInfo.InvariantCulture, $"{count * 2}Mi");

    [GeneratedRegex(@"options\s+vfio-pci\s+ids=([0-9a-fA-F:,]+)")]
    private static partial Regex VfioOptions();
}

using VirtSriov.Core.Steps;
using YamlDotNet.Core;
using k8s;
using k8s.KubeConfigModels;

namespace VirtSriov.Core.Cluster;

/// <summary>
/// The contexts of an uploaded kubeconfig, and the choice of one: the chosen context becomes the kubeconfig's
/// <c>current-context</c>, so the stored (encrypted) kubeconfig itself records the choice.
/// </summary>
public static class KubeconfigContexts
{
    /// <summary>Context names in file order; throws an actionable error when the text is not a kubeconfig.</summary>
    public static IReadOnlyList<string> List(string kubeconfigYaml) =>
        Parse(kubeconfigYaml).Contexts?.Select(c => c.Name).ToList() ?? [];

    /// <summary>The context the kubeconfig uses now, or null when it names none.</summary>
    public static string? Current(string kubeconfigYaml) => Parse(kubeconfigYaml).CurrentContext;

    /// <summary>The same kubeconfig with <paramref name="context"/> as its current context.</summary>
    public static string Choose(string kubeconfigYaml, string context)
    {
        var config = Parse(kubeconfigYaml);
        if (config.Contexts?.Any(c => c.Name == context) != true)
        {
            throw new ActionableException(
                $"The kubeconfig has no context '{context}'.",
                "Choose one of its contexts: " + string.Join(", ", config.Contexts?.Select(c => c.Name) ?? []) + ".",
                field: "Kubeconfig");
        }

        config.CurrentContext = context;
        return KubernetesYaml.Serialize(config);
    }

    private static K8SConfiguration Parse(string kubeconfigYaml)
    {
        K8SConfiguration? config;
        try
        {
            config = KubernetesYaml.Deserialize<K8SConfiguration>(kubeconfigYaml);
        }
        catch (YamlException e)
        {
            throw NotAKubeconfig($"it is not YAML ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's answer to some malformed documents (e.g. a stray '{' where a scalar belongs).
            throw NotAKubeconfig($"it is not YAML the kubeconfig reader understands ({e.Message})", e);
        }

        if (config is null || config.Contexts is null || !config.Contexts.Any())
        {
            throw NotAKubeconfig("it has no contexts", null);
        }

        if (config.Contexts.Any(c => c is null || c.Name is null))
        {
            throw NotAKubeconfig("one of its contexts has no name", null);
        }

        return config;
    }

    private static ActionableException NotAKubeconfig(string why, Exception? inner) => new(
        $"The file is not a kubeconfig: {why}.",
        "Upload the kubeconfig file itself (kcli writes it to ~/.kcli/clusters/<cluster>/auth/kubeconfig; `oc login` to ~/.kube/config).",
        field: "Kubeconfig",
        inner: inner);
}

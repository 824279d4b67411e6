using System.Text.RegularExpressions;

namespace VirtSriov.Core.Kcli;

/// <summary>
/// Reads the lines of <c>kcli create kube openshift</c>: kcli's own messages (coloured when it thinks it has a
/// terminal) and the <c>INFO</c>/<c>ERROR</c> lines of the openshift-install it drives.
/// </summary>
public static partial class KcliOutput
{
    /// <summary>The line without ANSI colour sequences.</summary>
    public static string Plain(string line) => AnsiEscape().Replace(line, "");

    /// <summary>The kubeconfig path from openshift-install's "export KUBECONFIG=…" hint, if the line has it.</summary>
    public static string? KubeconfigPath(string line) => KubeconfigHint().Match(line) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>An error line of kcli or openshift-install.</summary>
    public static bool IsError(string line) =>
        line.StartsWith("ERROR", StringComparison.Ordinal)
        || line.Contains("level=error", StringComparison.Ordinal)
        || line.StartsWith("Missing ", StringComparison.Ordinal)
        || line.Contains("Traceback", StringComparison.Ordinal);

    /// <summary>What to do about a failed deployment, from its error lines.</summary>
    public static string FixFor(IReadOnlyList<string> errorLines, KcliParameters parameters) => FixFor(
        errorLines.FirstOrDefault(l => l.Contains("pull secret", StringComparison.OrdinalIgnoreCase))
        ?? errorLines.FirstOrDefault(l => l.Contains("bootstrap", StringComparison.OrdinalIgnoreCase))
        ?? (errorLines.Count > 0 ? errorLines[0] : null),
        parameters);

    private static string FixFor(string? errorLine, KcliParameters parameters) => errorLine switch
    {
        not null when errorLine.Contains("pull secret", StringComparison.OrdinalIgnoreCase) =>
            $"Download the pull secret from https://console.redhat.com/openshift/install/pull-secret and save it as {parameters.PullSecret} on the hypervisor, then apply the step again.",
        not null when errorLine.Contains("bootstrap", StringComparison.OrdinalIgnoreCase) =>
            $"Bootstrap did not complete: look at `openshift-install gather bootstrap --dir ~/.kcli/clusters/{parameters.Cluster}` and the VMs' consoles "
            + $"(`kcli console {parameters.Cluster}-bootstrap`), free resources if needed, delete the half-made cluster with `kcli delete kube {parameters.Cluster} --yes`, then apply the step again.",
        _ =>
            $"Read kcli's output in the log above; after fixing the cause, delete the half-made cluster with `kcli delete kube {parameters.Cluster} --yes` and apply the step again.",
    };

    [GeneratedRegex(@"\x1B\[[0-9;]*[A-Za-z]")]
    private static partial Regex AnsiEscape();

    [GeneratedRegex(@"export KUBECONFIG=([^'""\s]+)")]
    private static partial Regex KubeconfigHint();
}

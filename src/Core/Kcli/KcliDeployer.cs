using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Kcli;

/// <summary>
/// Runs <c>kcli create kube openshift --paramfile &lt;file&gt; &lt;cluster&gt;</c> with the run's parameter file, streams
/// every output line into the step log, and returns the kubeconfig kcli wrote (the path openshift-install names,
/// else <c>~/.kcli/clusters/&lt;cluster&gt;/auth/kubeconfig</c>). A non-zero exit or a missing kubeconfig is an
/// actionable failure quoting kcli's first error line.
/// </summary>
/// <param name="workDirectory">Where parameter files are written, one folder per cluster.</param>
/// <param name="program">The kcli executable (a stand-in in tests).</param>
/// <param name="pullSecret">Path of the OpenShift pull secret on the hypervisor, written into every parameter file.</param>
public sealed class KcliDeployer(string workDirectory, string program = "kcli", string pullSecret = "~/openshift_pull.json")
{
    public const string ParameterFileName = "kcli-parameters.yml";

    /// <summary>The artifact a deployment records in the run: the cluster's name, so that teardown can offer to delete it.</summary>
    public const string DeploymentRecordName = "kcli-deployed-cluster.txt";

    public static IReadOnlyList<string> DeleteArguments(string cluster) => ["delete", "kube", "--yes", cluster];

    /// <summary>The parameter file of a run, with this deployer's pull secret path.</summary>
    public KcliParameters ParametersFor(RunSettings settings) => KcliParameters.For(settings) with { PullSecret = pullSecret };

    public static IReadOnlyList<string> Arguments(string parameterFile, string cluster) =>
        ["create", "kube", "openshift", "--paramfile", parameterFile, cluster];

    /// <summary>Where kcli keeps a cluster's kubeconfig unless its output names another path.</summary>
    public static string DefaultKubeconfigPath(string cluster) =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kcli", "clusters", cluster, "auth", "kubeconfig");

    public async Task<KcliDeployment> DeployAsync(IProcessRunner processes, KcliParameters parameters, IStepLog log, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(workDirectory, parameters.Cluster);
        Directory.CreateDirectory(folder);
        var parameterFile = Path.Combine(folder, ParameterFileName);
        await File.WriteAllTextAsync(parameterFile, parameters.ToYaml(), cancellationToken).ConfigureAwait(false);

        var arguments = Arguments(parameterFile, parameters.Cluster);
        var call = CommandLine.Format(program, arguments);
        log.Command(program, arguments);
        int? exitCode = null;
        string? kubeconfigPath = null;
        var errors = new List<string>();
        string? lastLine = null;
        try
        {
            await foreach (var raw in processes.StreamLinesAsync(program, arguments, code => exitCode = code, cancellationToken).ConfigureAwait(false))
            {
                var line = KcliOutput.Plain(raw);
                log.Write(RunLogLevel.Output, line);
                kubeconfigPath = KcliOutput.KubeconfigPath(line) ?? kubeconfigPath;
                if (KcliOutput.IsError(line))
                {
                    errors.Add(line);
                }

                lastLine = string.IsNullOrWhiteSpace(line) ? lastLine : line;
            }
        }
        catch (ProgramNotFoundException e)
        {
            throw new ActionableException(
                $"kcli was not found ('{program}').",
                "Install kcli on the hypervisor (`pip install kcli`, or the packages of https://kcli.readthedocs.io) and make sure it is on the dashboard's PATH.",
                call,
                inner: e);
        }

        if (exitCode != 0)
        {
            throw new ActionableException(
                $"kcli create kube openshift failed (exit code {exitCode}): {(errors.Count > 0 ? errors[0] : lastLine ?? "no output")}",
                KcliOutput.FixFor(errors, parameters),
                call);
        }

        var path = ExpandHome(kubeconfigPath ?? DefaultKubeconfigPath(parameters.Cluster));
        if (!File.Exists(path))
        {
            throw new ActionableException(
                $"kcli finished but wrote no kubeconfig at {path}.",
                $"Look for the cluster's auth folder (`kcli info kube {parameters.Cluster}`) and upload its kubeconfig on the Labs page, then apply the step again.",
                call);
        }

        log.Info($"kcli wrote the kubeconfig {path}.");
        return new KcliDeployment(path, await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Deletes a cluster kcli deployed (<c>kcli delete kube --yes CLUSTER</c>): only with the operator's consent.</summary>
    public async Task DeleteAsync(IProcessRunner processes, string cluster, IStepLog log, CancellationToken cancellationToken)
    {
        var arguments = DeleteArguments(cluster);
        log.Command(program, arguments);
        ProcessResult result;
        try
        {
            result = await processes.RunAsync(program, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (ProgramNotFoundException e)
        {
            throw new ActionableException($"kcli was not found ('{program}').", "Install kcli on the hypervisor, or delete the cluster's VMs by hand (virsh).", CommandLine.Format(program, arguments), inner: e);
        }

        foreach (var line in (result.StandardOutput + result.StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            log.Write(RunLogLevel.Output, KcliOutput.Plain(line));
        }

        if (!result.Succeeded)
        {
            throw new ActionableException(
                $"kcli delete kube {cluster} failed (exit code {result.ExitCode}).",
                $"Read kcli's output above; `kcli list vm` shows what is left of {cluster}. Then tear down again.",
                CommandLine.Format(program, arguments));
        }
    }

    /// <summary>Expands a leading <c>~/</c> the way kcli does.</summary>
    public static string ExpandHome(string path) =>
        path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..])
            : path;
}

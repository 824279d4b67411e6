using VirtSriov.Core.Kcli;
using VirtSriov.Core.Processes;
using VirtSriov.Core.Steps;
using VirtSriov.TestDoubles;

namespace VirtSriov.Core.Tests.Kcli;

/// <summary>The deployer runs a stand-in kcli (Data/fake-kcli) through the real process runner.</summary>
public sealed class KcliDeployerTests : IDisposable
{
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("virtsriov-kcli-");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeployAsync_Success_StreamsOutputAndReturnsTheKubeconfigKcliWrote()
    {
        var log = new RecordingStepLog();
        var deployer = new KcliDeployer(work.FullName, FakeKcli.Path);

        var deployment = await deployer.DeployAsync(new ProcessRunner(), Parameters("lab1"), log, Token);

        Assert.Equal(Path.Combine(work.FullName, "lab1", "clusters", "lab1", "auth", "kubeconfig"), deployment.KubeconfigPath);
        Assert.Contains("server: https://api.lab1.karmalabs.corp:6443", deployment.Kubeconfig, StringComparison.Ordinal);
        var command = Assert.Single(log.Lines, l => l.Level == RunLogLevel.Command);
        Assert.EndsWith($"create kube openshift --paramfile {Path.Combine(work.FullName, "lab1", KcliDeployer.ParameterFileName)} lab1", command.Text, StringComparison.Ordinal);
        var output = log.Lines.Where(l => l.Level == RunLogLevel.Output).Select(l => l.Text).ToList();
        Assert.Contains("lab1-worker-1 deployed on local", output);
        Assert.Contains("INFO Install complete!", output);
        Assert.DoesNotContain(log.Lines, l => l.Text.Contains("fake-token-for-tests", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployAsync_MissingPullSecret_FailsAtOnceWithKcliMessageAndDownloadFix()
    {
        var log = new RecordingStepLog();
        var deployer = new KcliDeployer(work.FullName, FakeKcli.Path);
        var parameters = Parameters("lab2") with { PullSecret = Path.Combine(work.FullName, "absent.json") };

        var error = await Assert.ThrowsAsync<ActionableException>(() => deployer.DeployAsync(new ProcessRunner(), parameters, log, Token));

        Assert.Contains("exit code 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Missing pull secret file {parameters.PullSecret}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", error.Message, StringComparison.Ordinal);
        Assert.Contains("console.redhat.com/openshift/install/pull-secret", error.Fix, StringComparison.Ordinal);
        Assert.Contains("create kube openshift", error.FailedCall, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeployAsync_BootstrapFailsMidway_KeepsTheOutputSoFarAndNamesBootstrap()
    {
        var log = new RecordingStepLog();
        var deployer = new KcliDeployer(work.FullName, FakeKcli.Path);

        var error = await Assert.ThrowsAsync<ActionableException>(() => deployer.DeployAsync(new ProcessRunner(), Parameters("failboot"), log, Token));

        Assert.Contains("ERROR Attempted to gather ClusterOperator status", error.Message, StringComparison.Ordinal);
        Assert.Contains("kcli delete kube failboot --yes", error.Fix, StringComparison.Ordinal);
        Assert.Contains("openshift-install gather bootstrap", error.Fix, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Text == "failboot-ctlplane-2 deployed on local");
        Assert.Contains(log.Lines, l => l.Text.StartsWith("ERROR Bootstrap failed to complete", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Text.Contains("worker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeployAsync_KcliNotInstalled_SaysHowToInstall()
    {
        var deployer = new KcliDeployer(work.FullName, Path.Combine(work.FullName, "no-such-kcli"));

        var error = await Assert.ThrowsAsync<ActionableException>(() => deployer.DeployAsync(new ProcessRunner(), Parameters("lab3"), new RecordingStepLog(), Token));

        Assert.Contains("kcli was not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("pip install kcli", error.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\u001b[0;31mMissing pull secret file x\u001b[0m", "Missing pull secret file x")]
    [InlineData("plain", "plain")]
    public void Plain_AnsiColouredLine_LosesTheEscapes(string line, string expected) =>
        Assert.Equal(expected, KcliOutput.Plain(line));

    public void Dispose() => work.Delete(recursive: true);

    private KcliParameters Parameters(string cluster)
    {
        var secret = Path.Combine(work.FullName, "pull.json");
        File.WriteAllText(secret, "{\"auths\":{}}");
        return KcliParameters.For(new RunSettings { ClusterName = cluster }) with { PullSecret = secret };
    }
}

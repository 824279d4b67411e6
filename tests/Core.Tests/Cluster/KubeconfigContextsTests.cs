using VirtSriov.Core.Cluster;
using VirtSriov.Core.Steps;

namespace VirtSriov.Core.Tests.Cluster;

public sealed class KubeconfigContextsTests
{
    private const string TwoContexts = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: lab
          cluster:
            server: https://api.lab.example:6443
        users:
        - name: admin
          user:
            token: t
        contexts:
        - name: admin
          context:
            cluster: lab
            user: admin
        - name: dev/lab
          context:
            cluster: lab
            user: admin
            namespace: dev
        current-context: admin
        """;

    [Fact]
    public void List_TwoContexts_InFileOrder() =>
        Assert.Equal(["admin", "dev/lab"], KubeconfigContexts.List(TwoContexts));

    [Fact]
    public void Choose_OtherContext_BecomesCurrentAndTheRestStays()
    {
        var chosen = KubeconfigContexts.Choose(TwoContexts, "dev/lab");

        Assert.Equal("dev/lab", KubeconfigContexts.Current(chosen));
        Assert.Equal(["admin", "dev/lab"], KubeconfigContexts.List(chosen));
        Assert.Contains("https://api.lab.example:6443", chosen, StringComparison.Ordinal);
    }

    [Fact]
    public void Choose_UnknownContext_ListsTheChoices()
    {
        var error = Assert.Throws<ActionableException>(() => KubeconfigContexts.Choose(TwoContexts, "prod"));

        Assert.Contains("admin, dev/lab", error.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("just some words")]
    [InlineData("apiVersion: v1\nkind: Config\n")]
    public void List_NotAKubeconfig_IsActionable(string text)
    {
        var error = Assert.Throws<ActionableException>(() => KubeconfigContexts.List(text));

        Assert.Equal("Kubeconfig", error.Field);
    }
}

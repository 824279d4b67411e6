using VirtSriov.Core.Labs;

namespace VirtSriov.Core.Tests.Labs;

public sealed class ProgramRunningOptionsTests
{
    private const string Embedded = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster: { server: "https://api.example:6443", certificate-authority-data: "QUJD" }
        users:
        - name: u
          user: { client-certificate-data: "QUJD", client-key-data: "QUJD", token: "t" }
        contexts:
        - name: ctx
          context: { cluster: c, user: u }
        current-context: ctx
        """;

    [Fact]
    public void InKubeconfig_EmbeddedCredentials_NothingFound() => Assert.Empty(ProgramRunningOptions.InKubeconfig(Embedded));

    [Theory]
    [InlineData("exec: { command: /bin/sh, apiVersion: client.authentication.k8s.io/v1 }", "users[u].user.exec")]
    [InlineData("tokenFile: /etc/shadow", "users[u].user.tokenFile")]
    [InlineData("client-certificate: /root/cert.pem", "users[u].user.client-certificate")]
    [InlineData("client-key: /root/key.pem", "users[u].user.client-key")]
    [InlineData("auth-provider: { name: oidc }", "users[u].user.auth-provider")]
    public void InKubeconfig_ProgramOrFileReference_NamesWhereItIs(string user, string where)
    {
        var yaml = Embedded.Replace("user: { client-certificate-data: \"QUJD\", client-key-data: \"QUJD\", token: \"t\" }", "user: { " + user + " }", StringComparison.Ordinal);

        var found = Assert.Single(ProgramRunningOptions.InKubeconfig(yaml));

        Assert.StartsWith($"'{where}'", found, StringComparison.Ordinal);
    }

    [Fact]
    public void InKubeconfig_CertificateAuthorityFile_Found()
    {
        var yaml = Embedded.Replace("certificate-authority-data: \"QUJD\"", "certificate-authority: /etc/ca.pem", StringComparison.Ordinal);

        Assert.StartsWith("'clusters[c].cluster.certificate-authority'", Assert.Single(ProgramRunningOptions.InKubeconfig(yaml)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qemu:///system")]
    [InlineData("qemu+ssh://root@host/system")]
    [InlineData("test:///default")]
    public void InLibvirtUri_PlainUri_NothingFound(string uri) => Assert.Empty(ProgramRunningOptions.InLibvirtUri(uri));

    [Theory]
    [InlineData("qemu+ext:///system?command=/tmp/evil", 2)]
    [InlineData("qemu+ssh://host/system?netcat=/tmp/nc", 1)]
    [InlineData("qemu+ssh://host/system?keyfile=/root/.ssh/id_rsa&known_hosts_verify=ignore", 2)]
    [InlineData("qemu+unix:///system?socket=/tmp/sock", 1)]
    [InlineData("qemu+ssh://host/system?PROXY=x", 1)]
    [InlineData("qemu+tls://host/system?pkipath=/tmp/pki&no_verify=1", 2)]
    [InlineData("qemu+ssh://host/system?%63ommand=x", 1)]
    public void InLibvirtUri_OptionsThatRunProgramsOrReadFiles_AreFound(string uri, int count) =>
        Assert.Equal(count, ProgramRunningOptions.InLibvirtUri(uri).Count);

    [Fact]
    public void LabFields_RiskyUri_RefusedUnlessAllowed()
    {
        var root = Directory.CreateTempSubdirectory("virtsriov-labfields-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "sys", "bus", "pci", "devices"));

            var refused = LabFieldsValidator.Validate("lab", root, "qemu+ssh://host/system?command=x", allowProgramOptions: false);
            var allowed = LabFieldsValidator.Validate("lab", root, "qemu+ssh://host/system?command=x", allowProgramOptions: true);

            Assert.Equal("LibvirtUri", Assert.Single(refused).Field);
            Assert.Empty(allowed);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData("", "/", "qemu:///system", "Name")]
    [InlineData("lab", "relative/path", "qemu:///system", "SysfsRoot")]
    [InlineData("lab", "/nonexistent-virtsriov-root", "qemu:///system", "SysfsRoot")]
    [InlineData("lab", "/", "http://example", "LibvirtUri")]
    [InlineData("lab", "/", "system", "LibvirtUri")]
    public void LabFields_Bad_NamesTheField(string name, string root, string uri, string field) =>
        Assert.Contains(LabFieldsValidator.Validate(name, root, uri, allowProgramOptions: false), e => e.Field == field);

    [Fact]
    public void EnsureAllowed_StoredRiskyOptions_RefusedNamingTheFieldUnlessTheLabAllowsThem()
    {
        var lab = new LabDefinition(Guid.NewGuid(), "old", LabKind.Host, "/", "qemu+ssh://root@kvm1/system?command=/tmp/x", false, DateTimeOffset.UnixEpoch);
        const string ExecKubeconfig = "users:\n- name: u\n  user:\n    exec: { command: /tmp/y }\n";

        var uri = Assert.Throws<VirtSriov.Core.Steps.ActionableException>(() => ProgramRunningOptions.EnsureAllowed(lab, null));
        var kubeconfig = Assert.Throws<VirtSriov.Core.Steps.ActionableException>(() => ProgramRunningOptions.EnsureAllowed(lab with { LibvirtUri = "qemu:///system" }, ExecKubeconfig));

        Assert.Equal(("LibvirtUri", true), (uri.Field, uri.Message.Contains("command", StringComparison.Ordinal)));
        Assert.Equal(("Kubeconfig", true), (kubeconfig.Field, kubeconfig.Message.Contains("exec", StringComparison.Ordinal)));
        ProgramRunningOptions.EnsureAllowed(lab with { AllowsProgramOptions = true }, ExecKubeconfig);
        ProgramRunningOptions.EnsureAllowed(lab with { LibvirtUri = "qemu:///system" }, Embedded);
    }
}

using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using k8s;
using k8s.Models;

namespace VirtSriov.Core.Tests.Cluster.Kubernetes;

/// <summary>
/// A real kube-apiserver + etcd on loopback, found the way controller-runtime's envtest finds them: the folder named by
/// KUBEBUILDER_ASSETS holds <c>kube-apiserver</c> (and <c>etcd</c>, else /usr/bin/etcd from Debian's etcd-server).
/// Token authentication (system:masters), a throw-away service-account key, the reference CRDs installed.
/// </summary>
internal sealed class EnvtestApiServer : IAsyncDisposable
{
    private const string Token = "virtsriov-envtest-admin";

    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("virtsriov-envtest-");
    private readonly List<Process> processes = [];

    private EnvtestApiServer()
    {
    }

    public string Kubeconfig { get; private set; } = "";

    /// <summary>Why a real API server cannot run here, or null when it can.</summary>
    public static string? Unavailable()
    {
        var assets = Environment.GetEnvironmentVariable("KUBEBUILDER_ASSETS");
        if (string.IsNullOrEmpty(assets) || !File.Exists(Path.Combine(assets, "kube-apiserver")))
        {
            return "No real API server: set KUBEBUILDER_ASSETS to a folder with kube-apiserver (and etcd), e.g. from `setup-envtest use`. "
                + "Debian has etcd-server but no kube-apiserver, so these apply/teardown tests against real CRDs are skipped.";
        }

        return EtcdPath(assets) is null ? $"No etcd in {assets} nor /usr/bin/etcd (Debian package etcd-server)." : null;
    }

    public static async Task<EnvtestApiServer> StartAsync(CancellationToken cancellationToken)
    {
        var assets = Environment.GetEnvironmentVariable("KUBEBUILDER_ASSETS")!;
        var server = new EnvtestApiServer();
        var dir = server.folder.FullName;
        var etcdPort = LoopbackApiServer.FreePort();
        server.Start(EtcdPath(assets)!,
        [
            "--data-dir", Path.Combine(dir, "etcd"),
            "--listen-client-urls", $"http://127.0.0.1:{etcdPort}",
            "--advertise-client-urls", $"http://127.0.0.1:{etcdPort}",
            "--listen-peer-urls", $"http://127.0.0.1:{LoopbackApiServer.FreePort()}",
        ]);

        using var key = RSA.Create(2048);
        var keyFile = Path.Combine(dir, "sa.pem");
        await File.WriteAllTextAsync(keyFile, key.ExportRSAPrivateKeyPem(), cancellationToken);
        var tokens = Path.Combine(dir, "tokens.csv");
        await File.WriteAllTextAsync(tokens, $"{Token},admin,admin,system:masters\n", cancellationToken);
        var port = LoopbackApiServer.FreePort();
        server.Start(Path.Combine(assets, "kube-apiserver"), ApiServerArguments(etcdPort, port, dir, tokens, keyFile));
        server.Kubeconfig = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: envtest
              cluster:
                server: https://127.0.0.1:{port}
                insecure-skip-tls-verify: true
            users:
            - name: admin
              user:
                token: {Token}
            contexts:
            - name: envtest
              context:
                cluster: envtest
                user: admin
            current-context: envtest
            """;
        await server.WaitReadyAsync(cancellationToken);
        await server.InstallCrdsAsync(cancellationToken);
        return server;
    }

    /// <summary>
    /// kube-apiserver's command line. <c>--allow-privileged=true</c> as on every real cluster: the device plugin's
    /// DaemonSet runs a privileged container, which a server started without it refuses.
    /// </summary>
    public static IReadOnlyList<string> ApiServerArguments(int etcdPort, int port, string dir, string tokens, string keyFile) =>
    [
        "--etcd-servers", $"http://127.0.0.1:{etcdPort}",
        "--bind-address", "127.0.0.1",
        "--secure-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--cert-dir", Path.Combine(dir, "certs"),
        "--token-auth-file", tokens,
        "--authorization-mode", "RBAC",
        "--allow-privileged=true",
        "--service-cluster-ip-range", "10.0.0.0/24",
        "--service-account-issuer", "https://kubernetes.default.svc",
        "--service-account-key-file", keyFile,
        "--service-account-signing-key-file", keyFile,
    ];

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(processes))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        folder.Delete(recursive: true);
    }

    private static string? EtcdPath(string assets) =>
        new[] { Path.Combine(assets, "etcd"), "/usr/bin/etcd" }.FirstOrDefault(File.Exists);

    private k8s.Kubernetes Client()
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Kubeconfig));
        return new k8s.Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(stream));
    }

    private void Start(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        processes.Add(process);
    }

    /// <summary>Polls /readyz until the API server answers, for at most a minute.</summary>
    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var client = Client();
        var deadline = TimeProvider.System.GetUtcNow().AddMinutes(1);
        while (true)
        {
            try
            {
                await client.Version.GetCodeAsync(cancellationToken);
                return;
            }
            catch (HttpRequestException) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode != HttpStatusCode.Unauthorized && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
        }
    }

    /// <summary>Creates every CRD of the reference folder's crds/ (see <see cref="ReferenceSchemas.Folder"/>) and waits until each is Established.</summary>
    private async Task InstallCrdsAsync(CancellationToken cancellationToken)
    {
        using var client = Client();
        foreach (var file in Directory.GetFiles(Path.Combine(ReferenceSchemas.Folder, "crds"), "*.yaml"))
        {
            var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(file, cancellationToken));
            await client.ApiextensionsV1.CreateCustomResourceDefinitionAsync(crd, cancellationToken: cancellationToken);
            var deadline = TimeProvider.System.GetUtcNow().AddSeconds(30);
            while ((await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name, cancellationToken: cancellationToken))
                   .Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") != true)
            {
                Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"CRD {crd.Metadata.Name} was not Established within 30 s.");
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }
}

using System.Net;
using System.Net.Sockets;

namespace VirtSriov.Core.Tests.Cluster.Kubernetes;

/// <summary>
/// A FAKE API server on 127.0.0.1 (HttpListener) for the failure paths of the real client: each request is answered
/// by the handler, which sees the path and query and writes the response (or aborts the connection).
/// </summary>
internal sealed class LoopbackApiServer : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<HttpListenerContext, Task> handler;
    private readonly Task loop;

    public LoopbackApiServer(Func<HttpListenerContext, Task> handler)
    {
        this.handler = handler;
        Port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public List<string> Requests { get; } = [];

    /// <summary>A kubeconfig whose server is this fake, with a bearer token.</summary>
    public string Kubeconfig => KubeconfigFor($"http://127.0.0.1:{Port}");

    public static string KubeconfigFor(string server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: fake
          cluster:
            server: {server}
        users:
        - name: admin
          user:
            token: expired-token
        contexts:
        - name: fake
          context:
            cluster: fake
            user: admin
        current-context: fake
        """;

    /// <summary>A loopback port nothing listens on (taken from the OS, then released).</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public static async Task WriteAsync(HttpListenerResponse response, int status, string contentType, string body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            lock (Requests)
            {
                Requests.Add(context.Request.Url!.PathAndQuery);
            }

            _ = Task.Run(() => handler(context));
        }
    }
}

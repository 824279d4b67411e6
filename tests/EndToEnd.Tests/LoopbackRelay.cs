using System.Net;
using System.Net.Sockets;

namespace VirtSriov.EndToEnd.Tests;

/// <summary>
/// A TCP relay on a free loopback port in front of the dashboard, whose open connections can be cut at once, as a
/// flaky network or a restarted proxy would: the browser sees its WebSocket drop and has to reconnect.
/// </summary>
public sealed class LoopbackRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(TcpClient Client, TcpClient Upstream)> _pairs = [];
    private readonly Task _accepting;
    private int _cuts;

    public LoopbackRelay(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

    /// <summary>Connections cut so far.</summary>
    public int Cuts => _cuts;

    /// <summary>Closes every open connection (new ones are still relayed); returns how many were cut.</summary>
    public int CutAll()
    {
        lock (_pairs)
        {
            foreach (var (client, upstream) in _pairs)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                upstream.Dispose();
            }

            var cut = _pairs.Count;
            _cuts += cut;
            _pairs.Clear();
            return cut;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        CutAll();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
            }
            catch (SocketException)
            {
                // The dashboard is down (restarting): the browser sees a refused connection and retries.
                client.Dispose();
                upstream.Dispose();
                continue;
            }

            lock (_pairs)
            {
                _pairs.Add((client, upstream));
            }

            _ = PumpAsync(client, upstream);
        }
    }

    private async Task PumpAsync(TcpClient client, TcpClient upstream)
    {
        try
        {
            await Task.WhenAny(
                client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token),
                upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // Cut or closed.
        }
        finally
        {
            lock (_pairs)
            {
                _pairs.Remove((client, upstream));
            }

            client.Dispose();
            upstream.Dispose();
        }
    }
}

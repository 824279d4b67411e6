using Microsoft.AspNetCore.Components;

namespace VirtSriov.Web.Components.Pages;

/// <summary>A page whose calls are cancelled when the page goes away.</summary>
public abstract class PageBase : ComponentBase, IDisposable
{
    private readonly CancellationTokenSource _closed = new();

    /// <summary>Cancelled when the page is disposed (navigated away, circuit closed).</summary>
    protected CancellationToken PageClosed => _closed.Token;

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _closed.Cancel();
            _closed.Dispose();
        }
    }
}

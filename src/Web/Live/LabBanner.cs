namespace VirtSriov.Web.Live;

/// <summary>
/// What the app bar shows about the lab of the page's run (per circuit): its name and whether it is simulated.
/// Pages set it; the layout listens.
/// </summary>
public sealed class LabBanner
{
    public string? LabName { get; private set; }

    public bool Simulated { get; private set; }

    public event Action? Changed;

    public void Show(string labName, bool simulated)
    {
        LabName = labName;
        Simulated = simulated;
        Changed?.Invoke();
    }

    public void Clear()
    {
        LabName = null;
        Simulated = false;
        Changed?.Invoke();
    }
}

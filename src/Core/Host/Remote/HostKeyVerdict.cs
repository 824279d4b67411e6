namespace VirtSriov.Core.Host.Remote;

public enum HostKeyVerdict
{
    /// <summary>known_hosts has this key for the host.</summary>
    Trusted,

    /// <summary>known_hosts has no key of this type for the host: the operator confirms the fingerprint once.</summary>
    Unknown,

    /// <summary>known_hosts has another key of this type for the host: refused (reinstalled host, or someone in between).</summary>
    Changed,
}

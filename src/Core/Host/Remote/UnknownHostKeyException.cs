namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// The host offered a key known_hosts does not have. Carried inside the <see cref="Runs.ActionableException"/> that
/// reports it, so the page can show the fingerprint and let the operator trust it once.
/// </summary>
public sealed class UnknownHostKeyException : Exception
{
    public UnknownHostKeyException(SshTarget target, string keyType, byte[] key)
        : base($"{target} offered the unknown {keyType} host key {KnownHosts.Fingerprint(key)}.")
    {
        Target = target;
        KeyType = keyType;
        Key = key;
    }

    public UnknownHostKeyException()
    {
        Target = new SshTarget("root", "localhost", SshTarget.DefaultPort);
        KeyType = "";
        Key = [];
    }

    public SshTarget Target { get; }

    public string KeyType { get; }

    public byte[] Key { get; }

    public string Fingerprint => KnownHosts.Fingerprint(Key);
}

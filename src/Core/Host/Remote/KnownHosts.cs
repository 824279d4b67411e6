using System.Security.Cryptography;
using System.Text;

namespace VirtSriov.Core.Host.Remote;

/// <summary>
/// An OpenSSH known_hosts file: which host key each <c>host</c> or <c>[host]:port</c> is trusted with. Plain and
/// hashed (<c>|1|salt|hash</c>) host names are read; new entries are written plain, one per line, file mode 0600.
/// </summary>
public sealed class KnownHosts(string path)
{
    private static readonly Lock WriteLock = new();

    public string Path { get; } = path;

    public HostKeyVerdict Verify(SshTarget target, string keyType, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(target);
        var entries = Entries().Where(e => e.Matches(target.KnownHostsName) && e.KeyType == keyType).ToList();
        if (entries.Count == 0)
        {
            return HostKeyVerdict.Unknown;
        }

        var offered = Convert.ToBase64String(key);
        return entries.Any(e => e.Key == offered) ? HostKeyVerdict.Trusted : HostKeyVerdict.Changed;
    }

    /// <summary>Trusts the key for the target from now on (the operator confirmed its fingerprint).</summary>
    public void Trust(SshTarget target, string keyType, byte[] key)
    {
        ArgumentNullException.ThrowIfNull(target);
        lock (WriteLock)
        {
            if (Verify(target, keyType, key) == HostKeyVerdict.Trusted)
            {
                return;
            }

            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!;
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.AppendAllText(Path, $"{target.KnownHostsName} {keyType} {Convert.ToBase64String(key)}\n");
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>The key's fingerprint as <c>ssh-keygen -l</c> prints it: <c>SHA256:</c> and unpadded base64.</summary>
    public static string Fingerprint(byte[] key) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(key)).TrimEnd('=');

    private IEnumerable<Entry> Entries()
    {
        if (!File.Exists(Path))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(Path))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 3 && !fields[0].StartsWith('#') && !fields[0].StartsWith('@'))
            {
                yield return new Entry(fields[0], fields[1], fields[2]);
            }
        }
    }

    private sealed record Entry(string Hosts, string KeyType, string Key)
    {
        public bool Matches(string name) =>
            Hosts.StartsWith("|1|", StringComparison.Ordinal) ? HashedMatches(name) : Hosts.Split(',').Contains(name, StringComparer.OrdinalIgnoreCase);

        private bool HashedMatches(string name)
        {
            var parts = Hosts.Split('|');
            if (parts.Length != 4)
            {
                return false;
            }

            try
            {
                // OpenSSH's hashed host names are HMAC-SHA1 by definition; this only matches names, it protects no secret.
#pragma warning disable CA5350
                var hash = HMACSHA1.HashData(Convert.FromBase64String(parts[2]), Encoding.UTF8.GetBytes(name));
#pragma warning restore CA5350
                return CryptographicOperations.FixedTimeEquals(hash, Convert.FromBase64String(parts[3]));
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}

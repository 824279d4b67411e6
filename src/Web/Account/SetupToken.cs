using System.Security.Cryptography;
using System.Text;

namespace VirtSriov.Web.Account;

/// <summary>
/// The one-time secret that lets the first visitor create the administrator. It exists only while no user
/// exists; it is void once used.
/// </summary>
public sealed class SetupToken
{
    private readonly Lock _gate = new();
    private string? _value;

    /// <summary>The current token, or null when setup is closed.</summary>
    public string? Value
    {
        get
        {
            lock (_gate)
            {
                return _value;
            }
        }
    }

    public string Issue()
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_gate)
        {
            _value = token;
        }

        return token;
    }

    public bool Matches(string? candidate)
    {
        var current = Value;
        return current is not null && candidate is not null &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(current), Encoding.UTF8.GetBytes(candidate));
    }

    /// <summary>Voids the token if it matches, so that only one request can use it.</summary>
    public bool TryClaim(string? candidate)
    {
        lock (_gate)
        {
            if (!Matches(candidate))
            {
                return false;
            }

            _value = null;
            return true;
        }
    }

    /// <summary>Gives a claimed token back when creating the administrator failed (e.g. a weak password).</summary>
    public void Restore(string token)
    {
        lock (_gate)
        {
            _value ??= token;
        }
    }
}

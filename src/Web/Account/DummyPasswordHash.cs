using Microsoft.AspNetCore.Identity;

namespace VirtSriov.Web.Account;

/// <summary>A password hash made once with the same hasher (and cost) as real users', for checking unknown names against.</summary>
public sealed class DummyPasswordHash
{
    public static readonly IdentityUser User = new("unknown");

    private string? _value;

    public string Value(IPasswordHasher<IdentityUser> hasher) =>
        LazyInitializer.EnsureInitialized(ref _value, () => hasher.HashPassword(User, Guid.NewGuid().ToString("N")));
}

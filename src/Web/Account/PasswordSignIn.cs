using Microsoft.AspNetCore.Identity;

namespace VirtSriov.Web.Account;

/// <summary>
/// Password sign-in that answers the same, at the same cost, whether or not the user exists: an unknown name is
/// checked against a dummy hash. There is no account lockout (anyone could keep the only administrator out with ten
/// wrong passwords); guessing is slowed by <see cref="SignInRateLimits"/> instead.
/// </summary>
public sealed class PasswordSignIn(
    SignInManager<IdentityUser> signInManager,
    UserManager<IdentityUser> users,
    IPasswordHasher<IdentityUser> hasher,
    DummyPasswordHash dummy)
{
    /// <summary>Longest user name and password accepted by the forms; longer input is refused before anything is stored.</summary>
    public const int MaxUserNameLength = 64;

    public const int MaxPasswordLength = 256;

    public async Task<bool> SignInAsync(string userName, string password)
    {
        if (await users.FindByNameAsync(userName) is not { } user)
        {
            hasher.VerifyHashedPassword(DummyPasswordHash.User, dummy.Value(hasher), password);
            return false;
        }

        var result = await signInManager.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
        return result.Succeeded;
    }
}

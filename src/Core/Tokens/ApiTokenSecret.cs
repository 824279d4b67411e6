using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace VirtSriov.Core.Tokens;

/// <summary>Token secrets: <c>vsr_</c> and 256 random bits (base64url); stored as their SHA-256.</summary>
public static class ApiTokenSecret
{
    public const string Prefix = "vsr_";

    public static string Generate() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>A slow hash buys nothing for 256 random bits; SHA-256 lets the store look a secret up by its hash.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}

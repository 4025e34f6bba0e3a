using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace EdgeOpt.Server.Auth;

/// <summary>Makes token secrets and their stored hashes.</summary>
public static class TokenSecrets
{
    /// <summary>Prefix that makes EdgeOpt tokens recognizable (for example in secret scanners).</summary>
    public const string Prefix = "eo_";

    /// <summary>32 random bytes, base64url (43 characters) after <see cref="Prefix"/>.</summary>
    public static string NewSecret() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 text: what the store keeps.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

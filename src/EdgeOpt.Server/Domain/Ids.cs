using System.Security.Cryptography;

namespace EdgeOpt.Server.Domain;

/// <summary>Random, prefixed identifiers: "dev_…", "job_…", "tok_…", "msr_…".</summary>
public static class Ids
{
    public static string New(string prefix) => $"{prefix}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10))}";
}

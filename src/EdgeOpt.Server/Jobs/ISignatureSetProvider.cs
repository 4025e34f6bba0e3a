namespace EdgeOpt.Server.Jobs;

/// <summary>
/// The signature set of a search space: the architectures every device measures on enrollment so that devices
/// can be compared and predictors transferred. Replaceable (the learning side will provide a better choice).
/// </summary>
public interface ISignatureSetProvider
{
    /// <summary>Canonical architecture strings of the space's signature set, in a stable order.</summary>
    /// <exception cref="ArgumentException">The space is unknown.</exception>
    IReadOnlyList<string> SignatureSet(string space);
}

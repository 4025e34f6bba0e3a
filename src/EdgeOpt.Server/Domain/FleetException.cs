namespace EdgeOpt.Server.Domain;

/// <summary>Kinds of domain failure; the gRPC edge maps each to one status code.</summary>
public enum FleetError
{
    /// <summary>A field is missing or malformed (InvalidArgument).</summary>
    Invalid,

    /// <summary>A referenced device, job or token does not exist (NotFound).</summary>
    NotFound,

    /// <summary>Something with the same identity exists already (AlreadyExists).</summary>
    AlreadyExists,

    /// <summary>The request is well formed but the current state forbids it (FailedPrecondition).</summary>
    Precondition,

    /// <summary>A size or count limit was exceeded (ResourceExhausted).</summary>
    Exhausted,

    /// <summary>The caller's token may not touch this resource (PermissionDenied).</summary>
    Denied,
}

/// <summary>A failure caused by the request or the state it meets, never by a server bug.</summary>
public sealed class FleetException(FleetError error, string message) : Exception(message)
{
    public FleetError Error { get; } = error;

    public static FleetException Invalid(string message) => new(FleetError.Invalid, message);
    public static FleetException NotFound(string message) => new(FleetError.NotFound, message);
    public static FleetException AlreadyExists(string message) => new(FleetError.AlreadyExists, message);
    public static FleetException Precondition(string message) => new(FleetError.Precondition, message);
    public static FleetException Exhausted(string message) => new(FleetError.Exhausted, message);
    public static FleetException Denied(string message) => new(FleetError.Denied, message);
}

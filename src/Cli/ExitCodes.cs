namespace VirtSriov.Cli;

/// <summary>What <c>virtsriov labs</c> and <c>virtsriov run …</c> return, for scripts (on a dashboard or with --local).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The operation ran and failed: a step failed, the run failed, the dashboard refused with a fix (409).</summary>
    public const int Failed = 1;

    /// <summary>The input was wrong: a bad flag or settings file, a field the dashboard rejected (400), no such lab or run (404).</summary>
    public const int BadInput = 2;

    /// <summary>No token, or one that is unknown, revoked, expired (401) or read-only for this call (403).</summary>
    public const int NotAuthorized = 3;

    /// <summary>The dashboard could not be reached or answered with a server error.</summary>
    public const int Unreachable = 4;
}

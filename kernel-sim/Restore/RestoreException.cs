namespace KernelSim.Restore;

/// <summary>
/// The one exception a restore throws for an image it cannot or will not restore (unreadable, corrupt,
/// another kernel build, state this kernel refuses). The message is one line meant for the user; the
/// kernel is unchanged when it is thrown.
/// </summary>
public sealed class RestoreException : Exception
{
    public RestoreException(string message)
        : base(message)
    {
    }

    public RestoreException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

namespace KernelSim.Ipc;

/// <summary>
/// The IPC state given to <see cref="IpcImport"/> is inconsistent (an id or cross reference that does not hold).
/// Thrown before anything is created: restore is a trust boundary, so a bad image changes nothing.
/// </summary>
public sealed class IpcImportException : Exception
{
    public IpcImportException(string message)
        : base(message)
    {
    }
}

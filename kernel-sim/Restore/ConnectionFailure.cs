namespace KernelSim.Restore;

/// <summary>Why a restore hangs up a connection of a restored task to a service instead of reconnecting it.</summary>
internal enum ConnectionFailure
{
    /// <summary>The service is not running in this kernel.</summary>
    MissingServer,

    /// <summary>A name the task had registered is registered by a running task now.</summary>
    DuplicateServer,

    /// <summary>The service did not cooperate at checkpoint time (resume policy), so there is no state to import.</summary>
    NotCooperated,

    /// <summary>The service refused the exported state when it was imported.</summary>
    ImportRefused,
}

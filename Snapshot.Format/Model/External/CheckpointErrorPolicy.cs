namespace Snapshot.Format;

/// <summary>What a checkpoint or restore does when a service does not cooperate or a server is missing or duplicate.</summary>
public enum CheckpointErrorPolicy : byte
{
    /// <summary>Give up, change nothing (the default).</summary>
    Cancel = 1,

    /// <summary>Go on; the affected connection is hung up and its pending calls are answered with EHANGUP.</summary>
    Resume = 2,
}

namespace Snapshot.Format.Chains;

/// <summary>
/// An incremental image's chain cannot be followed: an ancestor is missing, unreadable, another image than the one
/// named (its image id differs), or names other ancestors than the child does. The message is one line naming the file
/// and both ids; tools report it as "could not read" (exit code 2).
/// </summary>
public sealed class ChainException : Exception
{
    /// <summary>Creates the exception for the ancestor at <paramref name="filePath"/>.</summary>
    public ChainException(string filePath, string message, Hash256? expectedId = null, Hash256? actualId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
        ExpectedId = expectedId;
        ActualId = actualId;
    }

    /// <summary>The ancestor file that is missing or does not match.</summary>
    public string FilePath { get; }

    /// <summary>The image id the child (or the image between them) names for it, when there is one.</summary>
    public Hash256? ExpectedId { get; }

    /// <summary>The image id the file actually has, when it could be read.</summary>
    public Hash256? ActualId { get; }
}

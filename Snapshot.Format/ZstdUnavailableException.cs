namespace Snapshot.Format;

/// <summary>
/// The native zstd library could not be loaded. Reading or writing compressed chunks needs libzstd.so.1
/// (Debian/Ubuntu package <c>libzstd1</c>).
/// </summary>
public sealed class ZstdUnavailableException : Exception
{
    /// <summary>The message every tool prints when zstd is missing.</summary>
    public const string DefaultMessage =
        "the zstd library (libzstd.so.1) could not be loaded; install it (Debian/Ubuntu: apt-get install libzstd1)";

    /// <summary>Creates the exception with <see cref="DefaultMessage"/>.</summary>
    public ZstdUnavailableException(Exception? innerException = null) : base(DefaultMessage, innerException)
    {
    }
}

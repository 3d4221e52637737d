namespace Snapshot.Format.Signing;

/// <summary>A key file that cannot be used: missing, unreadable, of an unknown kind, too short, or the wrong half of a key pair.</summary>
public sealed class SigningKeyException : Exception
{
    /// <summary>Creates the exception; the message names the key file and the reason.</summary>
    public SigningKeyException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

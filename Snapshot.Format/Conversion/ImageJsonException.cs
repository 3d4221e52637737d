namespace Snapshot.Format.Conversion;

/// <summary>
/// The one exception <see cref="ImageJsonEncoder"/> throws for a JSON document it cannot turn into an image:
/// malformed JSON, a missing or mistyped field, a value out of range, or an image that would not read back.
/// It names where the problem is as a JSONPath (<c>$.sections[3].kernelStack.pc</c>) and why.
/// </summary>
public sealed class ImageJsonException : Exception
{
    /// <summary>Creates the exception; <see cref="Exception.Message"/> is "PATH: REASON".</summary>
    public ImageJsonException(string path, string reason, Exception? innerException = null)
        : base($"{path}: {reason}", innerException)
    {
        Path = path;
        Reason = reason;
    }

    /// <summary>Where in the document the problem is, as a JSONPath ("$" for the document itself).</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }
}

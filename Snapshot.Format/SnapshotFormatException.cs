using System.Globalization;

namespace Snapshot.Format;

/// <summary>
/// The one exception thrown for malformed, truncated, hostile or unsupported input: an image, a section
/// or a kernel build profile. It names where the problem is (section and absolute file offset) and why.
/// </summary>
public sealed class SnapshotFormatException : Exception
{
    /// <summary>Creates the exception; <see cref="Exception.Message"/> is composed from the parts.</summary>
    public SnapshotFormatException(string? section, long? offset, string reason, Exception? innerException = null)
        : base(Compose(section, offset, reason), innerException)
    {
        Section = section;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The section the problem is in: a section type name ("THREAD"), or "header", "footer", "index", "profile".</summary>
    public string? Section { get; }

    /// <summary>The absolute file offset of the problem, when there is one.</summary>
    public long? Offset { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    // The parts of a file that are not sections (and a build profile) are named as themselves:
    // "header at offset 0x0", not "section header at offset 0x0", which reads as a section's header.
    private static readonly string[] s_fileParts = ["header", "footer", "index", "profile"];

    private static string Compose(string? section, long? offset, string reason)
    {
        string? part = section is null || Array.IndexOf(s_fileParts, section) >= 0 ? section : $"section {section}";
        string where = (part, offset) switch
        {
            (not null, not null) => string.Create(CultureInfo.InvariantCulture, $"{part} at offset 0x{offset:x}: "),
            (not null, null) => $"{part}: ",
            (null, not null) => string.Create(CultureInfo.InvariantCulture, $"offset 0x{offset:x}: "),
            _ => "",
        };
        return where + reason;
    }
}

using System.Globalization;

namespace Snapshot.Format;

/// <summary>The image format version: a reader refuses an unknown major and reads any minor of a known major.</summary>
public readonly record struct FormatVersion(ushort Major, ushort Minor) : IComparable<FormatVersion>
{
    /// <summary>Format 1.0: the base format.</summary>
    public static FormatVersion V1_0 => new(1, 0);

    /// <summary>Format 1.1: REPAIR and SIGNATURE.</summary>
    public static FormatVersion V1_1 => new(1, 1);

    /// <summary>Format 1.2: a checkpoint set's external state.</summary>
    public static FormatVersion V1_2 => new(1, 2);

    /// <summary>Format 1.3: MEMCHUNK version 2 (page hashes), chunk references, parent images, program references, the summary.</summary>
    public static FormatVersion V1_3 => new(1, 3);

    /// <summary>The newest version this library reads and writes: 1.3.</summary>
    public static FormatVersion Current => V1_3;

    /// <summary>
    /// The version a writer stamps on an image with these features: the lowest that defines everything the
    /// image uses, so an image without 1.1, 1.2 or 1.3 additions stays a 1.0 image (and a 1.1 image a 1.1 image),
    /// byte for byte. A 1.3 writer always sets a 1.3 bit (it cannot know in the header whether a version 2 chunk
    /// will follow), so the bits alone decide.
    /// </summary>
    internal static FormatVersion For(FeatureSet features)
    {
        const ulong incompatible13 = Features.IncompatChunkReferences | Features.IncompatParentImage | Features.IncompatProgramReference;
        if ((features.Incompatible & incompatible13) != 0 || (features.Autoclear & Features.AutoclearSummary) != 0)
            return V1_3;
        if ((features.Incompatible & Features.IncompatExternalState) != 0)
            return V1_2;
        return (features.Incompatible & Features.IncompatRepaired) != 0 || (features.Autoclear & Features.AutoclearSigned) != 0 ? V1_1 : V1_0;
    }

    /// <summary>Parses "1.2" (a major and a minor, decimal).</summary>
    /// <exception cref="FormatException">The text is not MAJOR.MINOR.</exception>
    public static FormatVersion Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split('.');
        if (parts.Length != 2
            || !ushort.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ushort major)
            || !ushort.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ushort minor))
            throw new FormatException($"'{text}' is not a format version such as 1.2");
        return new FormatVersion(major, minor);
    }

    /// <summary>Orders by major, then minor.</summary>
    public int CompareTo(FormatVersion other) => Major != other.Major ? Major.CompareTo(other.Major) : Minor.CompareTo(other.Minor);

    /// <summary>True when <paramref name="left"/> is older than <paramref name="right"/>.</summary>
    public static bool operator <(FormatVersion left, FormatVersion right) => left.CompareTo(right) < 0;

    /// <summary>True when <paramref name="left"/> is newer than <paramref name="right"/>.</summary>
    public static bool operator >(FormatVersion left, FormatVersion right) => left.CompareTo(right) > 0;

    /// <summary>True when <paramref name="left"/> is not newer than <paramref name="right"/>.</summary>
    public static bool operator <=(FormatVersion left, FormatVersion right) => left.CompareTo(right) <= 0;

    /// <summary>True when <paramref name="left"/> is not older than <paramref name="right"/>.</summary>
    public static bool operator >=(FormatVersion left, FormatVersion right) => left.CompareTo(right) >= 0;

    /// <summary>"1.0".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}

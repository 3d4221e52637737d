using System.Globalization;

namespace Snapshot.Format;

/// <summary>The image format version: a reader refuses an unknown major and reads any minor of a known major.</summary>
public readonly record struct FormatVersion(ushort Major, ushort Minor)
{
    /// <summary>The newest version this library reads and writes: 1.2.</summary>
    public static FormatVersion Current => new(1, 2);

    /// <summary>
    /// The version a writer stamps on an image with these features: the lowest that defines everything the
    /// image uses, so an image without 1.1 or 1.2 additions stays a 1.0 image (and a 1.1 image a 1.1 image), byte for byte.
    /// </summary>
    internal static FormatVersion For(FeatureSet features)
    {
        if ((features.Incompatible & Features.IncompatExternalState) != 0)
            return new(1, 2);
        return (features.Incompatible & Features.IncompatRepaired) != 0 || (features.Autoclear & Features.AutoclearSigned) != 0 ? new(1, 1) : new(1, 0);
    }

    /// <summary>"1.0".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}

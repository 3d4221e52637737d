using System.Globalization;

namespace Snapshot.Format;

/// <summary>The image format version: a reader refuses an unknown major and reads any minor of a known major.</summary>
public readonly record struct FormatVersion(ushort Major, ushort Minor)
{
    /// <summary>The version this library writes: 1.0.</summary>
    public static FormatVersion Current => new(1, 0);

    /// <summary>"1.0".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");
}

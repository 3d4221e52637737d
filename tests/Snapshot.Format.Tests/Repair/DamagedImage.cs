using System.Security.Cryptography;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Repair;

/// <summary>
/// A copy of a good image in a temporary directory, damaged the ways disks, networks and people damage files,
/// with the good image's section map (from its own index) to say what each damage hit.
/// </summary>
internal sealed class DamagedImage
{
    private const int SectionHeaderLength = 32;
    private const int FooterLength = 32;

    private DamagedImage(TempDirectory directory, string originalPath)
    {
        Directory = directory;
        OriginalPath = originalPath;
        Original = File.ReadAllBytes(originalPath);
        Bytes = (byte[])Original.Clone();
        using ImageReader reader = ImageReader.Open(originalPath);
        Sections = reader.Index;
        HeaderLength = reader.HeaderLength;
        IndexOffset = Sections[^1].Offset + Sections[^1].TotalLength;
    }

    public TempDirectory Directory { get; }

    public string OriginalPath { get; }

    public byte[] Original { get; }

    /// <summary>The damaged bytes; written to <see cref="Path"/> by <see cref="Save"/>.</summary>
    public byte[] Bytes { get; private set; }

    /// <summary>The good image's sections (its index), in file order.</summary>
    public IReadOnlyList<IndexEntry> Sections { get; }

    public int HeaderLength { get; }

    public long IndexOffset { get; }

    public string Path => Directory.File("damaged.snap");

    public string Output => Directory.File("repaired.snap");

    /// <summary>A copy of golden fixture <paramref name="name"/> (fixtures are read-only).</summary>
    public static DamagedImage OfFixture(TempDirectory directory, string name)
    {
        string copy = directory.File("original.snap");
        File.Copy(Snapshot.Testing.Locations.Fixtures.Path(name), copy);
        return new DamagedImage(directory, copy);
    }

    /// <summary>An image written by <see cref="ImageWriter"/>.</summary>
    public static DamagedImage Of(TempDirectory directory, TestImage image) => Of(directory, image.Write());

    /// <summary>The image <paramref name="bytes"/> (as a writer produced it).</summary>
    public static DamagedImage Of(TempDirectory directory, byte[] bytes)
    {
        string path = directory.File("original.snap");
        File.WriteAllBytes(path, bytes);
        return new DamagedImage(directory, path);
    }

    public IndexEntry First(SectionType type) => Sections.First(s => s.Type == type);

    public void FlipBit(long offset, int bit = 0) => Bytes[offset] ^= (byte)(1 << bit);

    /// <summary>Flips a bit in the last payload byte of a section (its data, never its framing).</summary>
    public void FlipPayloadBit(IndexEntry section) => FlipBit(section.Offset + SectionHeaderLength + section.PayloadLength - 1, 2);

    /// <summary>Flips a bit in a section's 32-byte frame (its payload length field).</summary>
    public void FlipFrameBit(IndexEntry section) => FlipBit(section.Offset + 17, 4);

    public void Zero(long offset, int length) => Array.Clear(Bytes, (int)offset, (int)Math.Min(length, Bytes.Length - offset));

    public void Truncate(long length) => Bytes = Bytes[..(int)length];

    public void LoseFooter() => Truncate(Bytes.Length - FooterLength);

    /// <summary>Zeroes the INDEX section (the footer still points at it).</summary>
    public void LoseIndex() => Zero(IndexOffset, (int)(Bytes.Length - FooterLength - IndexOffset));

    /// <summary>Exchanges two adjacent sections (a before b); the index and footer become stale.</summary>
    public void SwapAdjacent(IndexEntry a, IndexEntry b)
    {
        Assert.Equal(a.Offset + a.TotalLength, b.Offset);
        byte[] first = Bytes[(int)a.Offset..(int)b.Offset];
        byte[] second = Bytes[(int)b.Offset..(int)(b.Offset + b.TotalLength)];
        second.CopyTo(Bytes, a.Offset);
        first.CopyTo(Bytes, a.Offset + second.Length);
    }

    /// <summary>Inserts a copy of a section right after it (the index and footer become stale).</summary>
    public void Repeat(IndexEntry section)
    {
        int end = (int)(section.Offset + section.TotalLength);
        Bytes = [.. Bytes[..end], .. Bytes[(int)section.Offset..end], .. Bytes[end..]];
    }

    public string Save()
    {
        File.WriteAllBytes(Path, Bytes);
        return Path;
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}

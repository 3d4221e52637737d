using System.Security.Cryptography;
using Snapshot.Format;

namespace Snapshot.Tools.Tests.Repair;

/// <summary>A writable copy of a golden fixture (fixtures are read-only) and the damage a repair test does to it.</summary>
internal sealed class FixtureCopy
{
    private const int SectionHeaderLength = 32;
    private const int FooterLength = 32;

    public FixtureCopy(string fixture, string path)
    {
        Path = path;
        File.Copy(Snapshot.Testing.Locations.Fixtures.Path(fixture), path);
        using var reader = ImageReader.Open(path);
        Sections = reader.Index;
    }

    public string Path { get; }

    /// <summary>The good image's sections, from its own index.</summary>
    public IReadOnlyList<IndexEntry> Sections { get; }

    public long IndexOffset => Sections[^1].Offset + Sections[^1].TotalLength;

    public string Sha256() => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path)));

    public void Damage(string damage)
    {
        var bytes = File.ReadAllBytes(Path);
        switch (damage)
        {
            case "lost footer":
                bytes = bytes[..^FooterLength];
                break;
            case "lost index":
                Array.Clear(bytes, (int)IndexOffset, (int)(bytes.Length - FooterLength - IndexOffset));
                break;
            case "sections swapped":
                var (a, b) = (Sections[1], Sections[2]);
                bytes = [.. bytes[..(int)a.Offset], .. bytes[(int)b.Offset..(int)(b.Offset + b.TotalLength)],
                         .. bytes[(int)a.Offset..(int)b.Offset], .. bytes[(int)(b.Offset + b.TotalLength)..]];
                break;
            case "thread repeated":
                var thread = Sections.First(s => s.Type == SectionType.Thread);
                var end = (int)(thread.Offset + thread.TotalLength);
                bytes = [.. bytes[..end], .. bytes[(int)thread.Offset..end], .. bytes[end..]];
                break;
            default:
                throw new ArgumentException($"unknown damage '{damage}'", nameof(damage));
        }

        File.WriteAllBytes(Path, bytes);
    }

    /// <summary>Flips a bit in the last payload byte of a section: its data, not its framing.</summary>
    public void FlipPayloadBit(IndexEntry section)
    {
        var bytes = File.ReadAllBytes(Path);
        bytes[section.Offset + SectionHeaderLength + section.PayloadLength - 1] ^= 0x04;
        File.WriteAllBytes(Path, bytes);
    }

    public void FlipBit(long offset, int bit)
    {
        var bytes = File.ReadAllBytes(Path);
        bytes[offset] ^= (byte)(1 << bit);
        File.WriteAllBytes(Path, bytes);
    }

    public void Truncate(int length) => File.WriteAllBytes(Path, File.ReadAllBytes(Path)[..length]);
}

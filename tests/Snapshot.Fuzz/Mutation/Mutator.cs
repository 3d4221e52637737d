using System.Buffers.Binary;
using Snapshot.Fuzz.Corpus;

namespace Snapshot.Fuzz.Mutation;

/// <summary>
/// Deterministic mutations of seed images from one seeded <see cref="Random"/>: bit flips, byte runs, length
/// fields set to extremes, truncations, splices of two images, insertions and deletions. Half of the
/// same-length mutations are re-sealed (<see cref="CrcSealer"/>) so they get past the CRCs.
/// </summary>
public sealed class Mutator
{
    private static readonly MutationKind[] s_kinds = Enum.GetValues<MutationKind>();
    private readonly Random _random;
    private readonly IReadOnlyList<(SeedImage Seed, ImageLayoutMap Map)> _seeds;
    private readonly IReadOnlyDictionary<string, string> _seedPaths;
    private readonly ModelMutator _model;

    /// <param name="seed">The random seed: the same seed gives the same inputs.</param>
    /// <param name="seeds">The valid images to start from.</param>
    /// <param name="seedPaths">Each seed's file (by name), which the model mutation decodes.</param>
    public Mutator(int seed, IReadOnlyList<SeedImage> seeds, IReadOnlyDictionary<string, string> seedPaths)
    {
        _random = new Random(seed);
        _seeds = [.. seeds.Select(image => (image, ImageLayoutMap.Of(image.Bytes)))];
        _seedPaths = seedPaths;
        _model = new ModelMutator(_random);
    }

    public Mutant Next()
    {
        var (seed, map) = _seeds[_random.Next(_seeds.Count)];
        var kind = s_kinds[_random.Next(s_kinds.Length)];
        var bytes = (byte[])seed.Bytes.Clone();
        string description;
        switch (kind)
        {
            case MutationKind.BitFlips:
                description = FlipBits(bytes);
                break;
            case MutationKind.ByteRun:
                description = WriteRun(bytes);
                break;
            case MutationKind.LengthExtreme:
                description = SetExtreme(bytes, map);
                break;
            case MutationKind.Model:
                if (_model.Mutate(_seedPaths[seed.Name]) is { } model)
                {
                    return new Mutant(model.Bytes, seed.Name, kind, true, model.Description);
                }

                // Not expressible in the format (the writer refused it): a bit flip instead.
                kind = MutationKind.BitFlips;
                description = FlipBits(bytes);
                break;
            case MutationKind.Truncation:
            {
                var cut = _random.Next(3) == 0 ? Pick(map.Boundaries.ToArray()) + _random.Next(-8, 9) : _random.NextInt64(bytes.Length);
                cut = Math.Clamp(cut, 0, bytes.Length - 1);
                return new Mutant(bytes[..(int)cut], seed.Name, kind, false, $"truncated to {cut} of {bytes.Length} bytes");
            }

            case MutationKind.Splice:
            {
                var (other, otherMap) = _seeds[_random.Next(_seeds.Count)];
                var head = Pick(map.Boundaries.ToArray());
                var tail = Pick(otherMap.Boundaries.ToArray());
                byte[] spliced = [.. bytes.AsSpan(0, (int)head), .. other.Bytes.AsSpan((int)tail)];
                return new Mutant(spliced, seed.Name, kind, false, $"first {head} bytes, then {other.Name} from {tail}");
            }

            default:
            {
                var at = _random.Next(bytes.Length);
                var count = _random.Next(1, 17);
                if (_random.Next(2) == 0)
                {
                    var inserted = new byte[count];
                    _random.NextBytes(inserted);
                    return new Mutant([.. bytes.AsSpan(0, at), .. inserted, .. bytes.AsSpan(at)], seed.Name, kind, false, $"{count} bytes inserted at {at}");
                }

                count = Math.Min(count, bytes.Length - at);
                return new Mutant([.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + count)], seed.Name, kind, false, $"{count} bytes deleted at {at}");
            }
        }

        var seal = _random.Next(2) == 0;
        if (seal)
        {
            CrcSealer.Seal(bytes, map);
        }

        return new Mutant(bytes, seed.Name, kind, seal, description);
    }

    private string FlipBits(byte[] bytes)
    {
        var count = _random.Next(1, 9);
        var flipped = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var at = _random.Next(bytes.Length);
            var bit = _random.Next(8);
            bytes[at] ^= (byte)(1 << bit);
            flipped.Add($"{at}.{bit}");
        }

        return $"bits flipped at {string.Join(", ", flipped)}";
    }

    private string WriteRun(byte[] bytes)
    {
        var at = _random.Next(bytes.Length);
        var length = Math.Min(_random.Next(1, 65), bytes.Length - at);
        var value = (byte)(_random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => _random.Next(256) });
        bytes.AsSpan(at, length).Fill(value);
        return $"{length} bytes of 0x{value:x2} at {at}";
    }

    private string SetExtreme(byte[] bytes, ImageLayoutMap map)
    {
        var field = Pick(map.Fields);
        var span = bytes.AsSpan((int)field.Offset, field.Width);
        var original = field.Width switch
        {
            1 => span[0],
            2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
            4 => BinaryPrimitives.ReadUInt32LittleEndian(span),
            _ => BinaryPrimitives.ReadUInt64LittleEndian(span),
        };
        var max = field.Width == 8 ? ulong.MaxValue : (1UL << (8 * field.Width)) - 1;
        ulong[] candidates =
        [
            0, 1, max, max - 1, max >> 1, (max >> 1) + 1, original + 1, original - 1, original * 2, original + 8,
            0x1000, 0x10000, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x1_0000_0000, 1UL << 62, 1UL << 63,
        ];
        var value = candidates[_random.Next(candidates.Length)] & max;
        switch (field.Width)
        {
            case 1: span[0] = (byte)value; break;
            case 2: BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)value); break;
            case 4: BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)value); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(span, value); break;
        }

        return $"{field.Name} at {field.Offset}: {original} -> {value}";
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}

using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Snapshot.Format.Kernels;
using Snapshot.Format.Layout;
using Snapshot.Format.Sections;

namespace Snapshot.Format.Conversion;

/// <summary>
/// The image header as JSON: format version, chunk geometry, build stamp, feature bits by name and the name table.
/// Its length, padding and CRC are not part of the document; they are recomputed. Bytes after the name table that
/// are not the shortest zero padding (a later minor's fields) are kept as <c>"tail"</c>.
/// </summary>
internal static class HeaderJson
{
    public static readonly string[] Fields = ["formatVersion", "pagesPerChunk", "build", "features", "featureNames", "tail"];

    private static readonly string[] s_buildFields = ["profile", "kernel", "version", "architecture", "pageSize", "buildId"];

    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> raw, ImageHeader header, int pagesPerChunk, KernelBuildProfile? profile)
    {
        json.WriteStartObject("header");
        json.WriteString("formatVersion", header.Version.ToString());
        json.WriteNumber("pagesPerChunk", pagesPerChunk);
        json.WriteStartObject("build");
        if (profile is null)
            json.WriteNull("profile");
        else
            json.WriteString("profile", profile.Build);
        json.WriteString("kernel", header.Build.KernelName);
        json.WriteString("version", header.Build.Version);
        json.WriteString("architecture", header.Build.Architecture);
        json.WriteNumber("pageSize", header.Build.PageSize);
        json.WriteString("buildId", header.Build.BuildId.ToString());
        json.WriteEndObject();

        json.WriteStartObject("features");
        foreach ((string kindName, FeatureKind kind) in JsonNames.FeatureKinds)
        {
            json.WriteStartArray(kindName);
            ulong mask = header.Features.Get(kind);
            for (int bit = 0; bit < 64; bit++)
            {
                if ((mask & (1UL << bit)) == 0)
                    continue;
                string name = header.DescribeFeature(kind, bit);
                json.WriteStringValue(ResolveBit(kind, name, header.FeatureNames) == bit ? name : BitName(bit));
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();

        json.WriteStartArray("featureNames");
        foreach (FeatureName name in header.FeatureNames)
        {
            json.WriteStartObject();
            json.WriteString("kind", JsonNames.Of(JsonNames.FeatureKinds, name.Kind));
            json.WriteNumber("bit", name.Bit);
            json.WriteString("name", name.Name);
            json.WriteEndObject();
        }
        json.WriteEndArray();

        int fieldsEnd = FieldsLength(header);
        ReadOnlySpan<byte> tail = raw[fieldsEnd..];
        if (tail.Length != SectionLayout.PaddingAfter(fieldsEnd) || tail.ContainsAnyExcept((byte)0))
            json.WriteString("tail", Convert.ToHexStringLower(tail));
        json.WriteEndObject();
    }

    /// <summary>The header bytes the document describes, and the context its sections are encoded in.</summary>
    public static (byte[] Bytes, ConversionContext Context) Read(JsonCursor header, ImageJsonEncodeOptions options)
    {
        header.AllowOnly(Fields);
        FormatVersion version = ParseVersion(header.Property("formatVersion"));
        JsonCursor ppcField = header.Property("pagesPerChunk");
        int pagesPerChunk = (int)ppcField.Unsigned(FormatLimits.MaxPagesPerChunk);
        if (pagesPerChunk == 0)
            ppcField.Fail($"pages per chunk is 1..{FormatLimits.MaxPagesPerChunk}");

        JsonCursor build = header.Property("build");
        build.AllowOnly(s_buildFields);
        JsonCursor pageSizeField = build.Property("pageSize");
        uint pageSize = pageSizeField.U32();
        if (!FormatLimits.IsValidPageSize(pageSize))
            pageSizeField.Fail($"page size {pageSize} is not a power of two from 4 KiB to 64 KiB");
        JsonCursor buildIdField = build.Property("buildId");
        var stamp = new KernelBuildStamp(build.Property("kernel").FormatString(), build.Property("version").FormatString(),
            buildIdField.Hash(), build.Property("architecture").FormatString(), pageSize);
        KernelBuildProfile? profile = KernelBuildCatalog.Find(stamp.BuildId);
        if (build.Optional("profile") is { Kind: not JsonValueKind.Null } named && named.Text() != profile?.Build)
            named.Fail(profile is null
                ? $"build id {stamp.BuildId.Short}… is not a known build; 'profile' must be null"
                : $"build id {stamp.BuildId.Short}… is build '{profile.Build}' (snapconv does not move images between builds: use snapupgrade)");

        var names = new List<FeatureName>();
        foreach (JsonCursor item in header.Property("featureNames").Items(FormatLimits.MaxFeatureNames))
        {
            item.AllowOnly("kind", "bit", "name");
            names.Add(new FeatureName(item.Property("kind").Choice(JsonNames.FeatureKinds), (byte)item.Property("bit").Unsigned(63),
                item.Property("name").FormatString()));
        }
        JsonCursor features = header.Property("features");
        features.AllowOnly([.. JsonNames.FeatureKinds.Select(k => k.Name)]);
        var masks = new ulong[JsonNames.FeatureKinds.Length];
        foreach ((string kindName, FeatureKind kind) in JsonNames.FeatureKinds)
        {
            foreach (JsonCursor item in features.Property(kindName).Items(64))
            {
                int bit = ResolveBit(kind, item.Text(), names);
                if (bit < 0)
                    item.Fail($"no {kindName} feature is called '{item.Text()}' (name it in 'featureNames', or write \"bit N\")");
                if ((masks[(int)kind] & (1UL << bit)) != 0)
                    item.Fail($"{kindName} feature bit {bit} is given twice");
                masks[(int)kind] |= 1UL << bit;
            }
        }
        var set = new FeatureSet(masks[(int)FeatureKind.Incompatible], masks[(int)FeatureKind.Compatible], masks[(int)FeatureKind.Autoclear]);

        byte[] written = HeaderCodec.Write(stamp, set, names, pagesPerChunk);
        byte[] bytes = written;
        if (header.Optional("tail") is { } tailField)
        {
            int fieldsEnd = FieldsLength(new ImageHeader(version, set, stamp, names));
            byte[] tail = tailField.Hex(FormatLimits.MaxHeaderLength);
            if ((fieldsEnd + tail.Length) % HeaderLayout.Alignment != 0 || fieldsEnd + tail.Length > FormatLimits.MaxHeaderLength)
                tailField.Fail($"the header would be {fieldsEnd + tail.Length} bytes: a multiple of 8, at most {FormatLimits.MaxHeaderLength}");
            bytes = [.. written.AsSpan(0, fieldsEnd), .. tail];
        }
        // The stated version is kept as it is, even where the writer would stamp another (that is the reader's call).
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(HeaderLayout.MajorOffset), version.Major);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(HeaderLayout.MinorOffset), version.Minor);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HeaderLayout.LengthOffset), (uint)bytes.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HeaderLayout.CrcOffset), HeaderCodec.ComputeCrc(bytes));
        var context = new ConversionContext(pageSize, pagesPerChunk, profile) { CompressionLevel = options.CompressionLevel };
        return (bytes, context);
    }

    /// <summary>Bytes of the header up to the end of the feature name table.</summary>
    private static int FieldsLength(ImageHeader header)
    {
        int length = HeaderLayout.KernelNameOffset
            + StringLength(header.Build.KernelName) + StringLength(header.Build.Version) + StringLength(header.Build.Architecture)
            + sizeof(ushort);
        foreach (FeatureName name in header.FeatureNames)
            length += 2 + StringLength(name.Name);
        return length;
    }

    private static int StringLength(string text) => sizeof(ushort) + Encoding.UTF8.GetByteCount(text);

    private static string BitName(int bit) => string.Create(CultureInfo.InvariantCulture, $"bit {bit}");

    /// <summary>"bit N" first, then the image's name table, then the names this library knows; -1 when none matches.</summary>
    private static int ResolveBit(FeatureKind kind, string name, IReadOnlyList<FeatureName> table)
    {
        if (name.StartsWith("bit ", StringComparison.Ordinal)
            && int.TryParse(name.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number < 64
            && BitName(number) == name)
            return number;
        foreach (FeatureName entry in table)
        {
            if (entry.Kind == kind && string.Equals(entry.Name, name, StringComparison.Ordinal))
                return entry.Bit;
        }
        for (int bit = 0; bit < 64; bit++)
        {
            if (string.Equals(Features.Name(kind, bit), name, StringComparison.Ordinal))
                return bit;
        }
        return -1;
    }

    private static FormatVersion ParseVersion(JsonCursor field)
    {
        string text = field.Text();
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0
            && ushort.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out ushort major)
            && ushort.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ushort minor)
            && new FormatVersion(major, minor).ToString() == text)
            return new FormatVersion(major, minor);
        return field.Fail<FormatVersion>($"'{text}' is not a format version MAJOR.MINOR such as \"1.0\"");
    }
}

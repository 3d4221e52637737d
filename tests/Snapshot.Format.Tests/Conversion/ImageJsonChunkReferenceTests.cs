using System.Text.Json.Nodes;
using Snapshot.Format.Conversion;
using Snapshot.Format.Tests.ChunkFormat;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Conversion;

/// <summary>Format 1.3 chunks in the JSON document: version 2 MEMCHUNKs and CHUNKREFs, and back byte for byte.</summary>
public sealed class ImageJsonChunkReferenceTests
{
    [Fact]
    public void A_deduplicated_image_round_trips_byte_for_byte_and_shows_its_references()
    {
        using var directory = new TempDirectory();
        byte[] original = DuplicateImage.Create().Write();

        byte[] json = ImageJson.Decode(original, directory);

        Assert.Equal(original, ImageJson.Encode(json));
        JsonObject tree = ImageJson.Tree(json);
        JsonObject reference = ImageJson.Section(tree, "CHUNKREF");
        Assert.Equal([8UL, 9UL, 10UL, 11UL], reference["presentPages"]!.AsArray().Select(p => (ulong)p!));
        Assert.Equal(0, (int)reference["target"]!["image"]!);
        JsonObject target = tree["sections"]!.AsArray().Select(s => s!.AsObject())
            .First(s => (string?)s["type"] == "MEMCHUNK" && (int)s["areaId"]! == 2);
        Assert.Equal(2, (int)target["version"]!);
        Assert.Equal((string?)target["stored"]!["contentHash"], (string?)reference["target"]!["contentHash"]);
    }

    [Fact]
    public void Version_2_chunks_without_stored_bytes_are_compressed_again_with_their_page_hashes()
    {
        using var directory = new TempDirectory();
        byte[] original = DuplicateImage.Create().Write();

        byte[] json = ImageJson.Decode(original, directory, new ImageJsonDecodeOptions { IncludeStoredBytes = false });

        Assert.Equal(original, ImageJson.Encode(json));
    }

    [Fact]
    public void An_edited_page_of_a_version_2_chunk_gets_new_page_hashes()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(DuplicateImage.Create().Write(), directory);
        byte[] page = new byte[TestImage.PageSize];
        page[7] = 42;

        byte[] edited = ImageJson.Edit(json, tree =>
            tree["sections"]!.AsArray().Select(s => s!.AsObject()).First(s => (string?)s["type"] == "MEMCHUNK" && (int)s["areaId"]! == 2 && (int)s["chunkIndex"]! == 4)
                ["pages"]!["17"] = Convert.ToBase64String(page));

        string path = directory.File("edited.snap");
        File.WriteAllBytes(path, ImageJson.Encode(edited));
        using ImageReader reader = ImageReader.Open(path);
        MemoryChunk chunk = reader.ReadChunk(reader.Index.First(e => e.Type == SectionType.MemoryChunk && e.AreaId == 2 && e.ChunkIndex == 4));
        Assert.Equal(Hash256.Compute(page), chunk.PageHashes![1]);
    }

    [Fact]
    public void Editing_the_target_of_a_reference_is_refused_because_the_reference_no_longer_matches()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(DuplicateImage.Create().Write(), directory);

        byte[] edited = ImageJson.Edit(json, tree =>
            tree["sections"]!.AsArray().Select(s => s!.AsObject()).First(s => (string?)s["type"] == "MEMCHUNK" && (int)s["areaId"]! == 2)
                ["pages"]!["1"] = Convert.ToBase64String(new byte[TestImage.PageSize - 1].Append((byte)1).ToArray()));

        Assert.Contains("does not match the MEMCHUNK", ImageJson.Refusal(edited).Message);
    }

    [Fact]
    public void A_reference_pointed_at_another_chunk_is_refused_at_its_path()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(DuplicateImage.Create().Write(), directory);

        byte[] edited = ImageJson.Edit(json, tree => ImageJson.Section(tree, "CHUNKREF")["target"]!["offset"] = 8);

        ImageJsonException e = ImageJson.Refusal(edited);
        Assert.Contains("CHUNKREF", e.Message);
    }

    [Theory]
    [InlineData("presentPages", "[3]", "not a page of chunk 2")]
    [InlineData("presentPages", "[]", "at least one present page")]
    [InlineData("presentPages", "[9, 8]", "present pages ascend")]
    public void Bad_reference_fields_are_refused_with_their_reason(string field, string value, string reason)
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(DuplicateImage.Create().Write(), directory);

        byte[] edited = ImageJson.Edit(json, tree => ImageJson.Section(tree, "CHUNKREF")[field] = JsonNode.Parse(value));

        Assert.Contains(reason, ImageJson.Refusal(edited).Message);
    }
}

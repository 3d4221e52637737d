using System.Text.Json.Nodes;
using Snapshot.Format.Chains;
using Snapshot.Format.Conversion;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Conversion;

/// <summary>Incremental images (format 1.3) in the JSON document: PARENTS by field, references into ancestors kept as given.</summary>
public sealed class ImageJsonParentsTests
{
    /// <summary>A full base image and a child whose every chunk is a CHUNKREF into the base (ordinal 1).</summary>
    private static (string Base, string Child) Chain(TempDirectory directory)
    {
        string basePath = Chains.ChainImages.Write(directory, "base.snap", seed: 5);
        string childPath = directory.File("child.snap");
        IReadOnlyList<ParentImage> parents;
        using (ImageChain chain = ImageChain.Open(basePath))
            parents = chain.ParentsForChild(childPath);
        using ImageReader parent = ImageReader.Open(basePath);
        ImageMetadata metadata = parent.ReadMetadata();
        using (FileStream file = File.Create(childPath))
        using (ImageWriter writer = ImageWriter.Create(file, metadata.Header.Build, new ImageWriterOptions { Parents = parents }))
        {
            writer.WriteCheckpoint(metadata.Checkpoint);
            TaskMetadata task = Assert.Single(metadata.Tasks);
            writer.WriteTask(task.Task);
            writer.WriteAreas(task.Task.TaskId, task.Areas);
            foreach (ThreadRecord thread in task.Threads)
                writer.WriteThread(thread);
            foreach (IndexEntry chunk in parent.Index.Where(e => e.Type == SectionType.MemoryChunk))
                writer.WriteChunkReference(chunk.TaskId, chunk.AreaId, chunk.ChunkIndex, chunk.PresentBitmap, chunk.ContentHash, 1, chunk.Offset);
            writer.Complete();
        }
        return (basePath, childPath);
    }

    [Fact]
    public void A_child_round_trips_byte_for_byte_and_names_its_parent_by_field()
    {
        using var directory = new TempDirectory();
        (string basePath, string child) = Chain(directory);

        byte[] json = ImageJson.Decode(child);

        Assert.Equal(File.ReadAllBytes(child), ImageJson.Encode(json));
        JsonObject tree = ImageJson.Tree(json);
        JsonObject parents = (JsonObject)tree["sections"]![0]!;
        Assert.Equal("PARENTS", (string?)parents["type"]);
        JsonObject ancestor = Assert.Single(parents["ancestors"]!.AsArray())!.AsObject();
        Assert.Equal(ImageId.Compute(basePath).ToString(), (string?)ancestor["imageId"]);
        Assert.Equal("base.snap", (string?)ancestor["fileName"]);
        Assert.All(tree["sections"]!.AsArray().Where(s => (string?)s!["type"] == "CHUNKREF"),
            reference => Assert.Equal(1, (int)reference!["target"]!["image"]!));
    }

    [Fact]
    public void An_encoded_child_resolves_through_its_chain()
    {
        using var directory = new TempDirectory();
        (_, string child) = Chain(directory);
        string copy = directory.File("copy.snap");
        File.WriteAllBytes(copy, ImageJson.Encode(ImageJson.Decode(child)));

        using ImageChain chain = ImageChain.Open(copy);
        using ImageReader original = ImageReader.Open(child);
        original.AttachAncestors(chain.Ancestors);
        IndexEntry reference = chain.Image.Index.First(e => e.Type == SectionType.ChunkReference);
        Assert.Equal(original.ReadChunk(reference).Data.ToArray(), chain.Image.ReadChunk(reference).Data.ToArray());
    }

    [Fact]
    public void A_renamed_ancestor_is_written_as_edited()
    {
        using var directory = new TempDirectory();
        (_, string child) = Chain(directory);

        byte[] edited = ImageJson.Edit(ImageJson.Decode(child), tree =>
            ImageJson.Section(tree, "PARENTS")["ancestors"]![0]!["fileName"] = "archive/base.snap");

        string path = directory.File("renamed.snap");
        File.WriteAllBytes(path, ImageJson.Encode(edited));
        using ImageReader reader = ImageReader.Open(path);
        Assert.Equal("archive/base.snap", Assert.Single(reader.ReadMetadata().Parents).FileName);
    }

    public static TheoryData<string, string, string> HostileParents() => new()
    {
        { """{ "ancestors": [] }""", "$.sections[0].ancestors", "1..64" },
        { """{ "ancestors": [ { "imageId": "00", "fileName": "a" } ] }""", "$.sections[0].ancestors[0].imageId", "64 hex digits" },
        { $$"""{ "ancestors": [ { "imageId": "{{new string('0', 64)}}", "fileName": "a" } ] }""", "$.sections[0].ancestors[0].imageId", "never zero" },
        { $$"""{ "ancestors": [ { "imageId": "{{new string('a', 64)}}", "fileName": "" } ] }""", "$.sections[0].ancestors[0].fileName", "file name" },
        { $$"""{ "ancestors": [ { "imageId": "{{new string('a', 64)}}", "fileName": 7 } ] }""", "$.sections[0].ancestors[0].fileName", "string" },
        { $$"""{ "ancestors": [ { "imageId": "{{new string('a', 64)}}", "fileName": "a", "size": 1 } ] }""", "$.sections[0].ancestors[0].size", "size" },
        { $$"""{ "ancestors": [ {{string.Join(", ", Enumerable.Repeat($$"""{ "imageId": "{{new string('a', 64)}}", "fileName": "a" }""", 65))}} ] }""", "$.sections[0].ancestors", "64" },
        { """{ "ancestors": "base.snap" }""", "$.sections[0].ancestors", "array" },
    };

    [Theory]
    [MemberData(nameof(HostileParents))]
    public void Hostile_parents_are_refused_at_their_path(string members, string path, string reason)
    {
        using var directory = new TempDirectory();
        (_, string child) = Chain(directory);
        JsonObject replacement = JsonNode.Parse(members)!.AsObject();

        byte[] edited = ImageJson.Edit(ImageJson.Decode(child), tree =>
            ImageJson.Section(tree, "PARENTS")["ancestors"] = replacement["ancestors"]!.DeepClone());

        ImageJsonException refusal = ImageJson.Refusal(edited);
        Assert.Equal(path, refusal.Path);
        Assert.Contains(reason, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reference_beyond_the_ancestors_is_refused_at_the_reference()
    {
        using var directory = new TempDirectory();
        (_, string child) = Chain(directory);
        byte[] json = ImageJson.Decode(child);
        int at = ImageJson.Tree(json)["sections"]!.AsArray().Select((s, i) => (s, i)).First(p => (string?)p.s!["type"] == "CHUNKREF").i;

        byte[] edited = ImageJson.Edit(json, tree => ImageJson.Section(tree, "CHUNKREF")["target"]!["image"] = 2);

        ImageJsonException refusal = ImageJson.Refusal(edited);
        Assert.Equal($"$.sections[{at}]", refusal.Path);
        Assert.Contains("PARENTS names only 1", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Removing_the_parents_section_is_refused_because_the_feature_bit_says_there_is_one()
    {
        using var directory = new TempDirectory();
        (_, string child) = Chain(directory);

        byte[] edited = ImageJson.Edit(ImageJson.Decode(child), tree => tree["sections"]!.AsArray().RemoveAt(0));

        Assert.Contains("\"parent-image\" feature bit", ImageJson.Refusal(edited).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_image_with_a_reference_into_an_ancestor_is_refused_at_the_reference()
    {
        using var directory = new TempDirectory();
        (_, string child) = Chain(directory);

        byte[] edited = ImageJson.Edit(ImageJson.Decode(child), tree =>
        {
            tree["sections"]!.AsArray().RemoveAt(0);
            JsonArray bits = tree["header"]!["features"]!["incompatible"]!.AsArray();
            bits.Remove(bits.First(b => (string?)b == "parent-image"));
        });

        ImageJsonException refusal = ImageJson.Refusal(edited);
        Assert.StartsWith("$.sections[", refusal.Path, StringComparison.Ordinal);
        Assert.Contains("names no ancestors", refusal.Message, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Snapshot.Format.Conversion;

namespace Snapshot.Format.Tests.Conversion;

/// <summary>Decode and encode in memory, and edits of a decoded document as a JSON tree.</summary>
internal static class ImageJson
{
    public static byte[] Decode(string imagePath, ImageJsonDecodeOptions? options = null)
    {
        using var json = new MemoryStream();
        ImageJsonDecoder.Decode(imagePath, json, options);
        return json.ToArray();
    }

    public static byte[] Decode(byte[] image, TempDirectory directory, ImageJsonDecodeOptions? options = null)
    {
        string path = directory.File($"image-{Guid.NewGuid():N}.snap");
        File.WriteAllBytes(path, image);
        return Decode(path, options);
    }

    public static byte[] Encode(byte[] json, ImageJsonEncodeOptions? options = null)
    {
        using var image = new MemoryStream();
        ImageJsonEncoder.Encode(new MemoryStream(json, writable: false), image, options);
        return image.ToArray();
    }

    public static JsonObject Tree(byte[] json) => JsonNode.Parse(json)!.AsObject();

    public static byte[] Bytes(JsonNode tree) => JsonSerializer.SerializeToUtf8Bytes(tree);

    /// <summary>The document of <paramref name="json"/> after <paramref name="edit"/>.</summary>
    public static byte[] Edit(byte[] json, Action<JsonObject> edit)
    {
        JsonObject tree = Tree(json);
        edit(tree);
        return Bytes(tree);
    }

    /// <summary>The first section of <paramref name="type"/> in a document tree.</summary>
    public static JsonObject Section(JsonObject tree, string type) =>
        tree["sections"]!.AsArray().First(s => (string?)s!["type"] == type)!.AsObject();

    /// <summary>Encodes and returns the exception the encoder refuses the document with.</summary>
    public static ImageJsonException Refusal(byte[] json) =>
        Assert.Throws<ImageJsonException>(() => Encode(json));
}

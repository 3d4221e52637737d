using System.Text.Json.Nodes;
using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests.Conversion;

/// <summary>Format 1.2 external state: TASK_IPC, CALLS, SHARED_AREAS, COOPERATION and FILES by field, and back byte for byte.</summary>
public sealed class ImageJsonExternalStateTests
{
    [Fact]
    public void ExternalSetRoundTripsByteForByte()
    {
        using var directory = new TempDirectory();
        byte[] original = ExternalSetImage.Create().Write();

        byte[] json = ImageJson.Decode(original, directory);

        Assert.Equal(original, ImageJson.Encode(json));
        JsonObject tree = ImageJson.Tree(json);
        Assert.Equal(FormatVersion.Current.ToString(), (string?)tree["header"]!["formatVersion"]);
        Assert.Contains("external-state", tree["header"]!["features"]!["incompatible"]!.AsArray().Select(n => (string?)n));
        foreach (string type in new[] { "TASK_IPC", "CALLS", "SHARED_AREAS", "COOPERATION", "FILES" })
            Assert.Null(ImageJson.Section(tree, type)["payload"]);
    }

    [Fact]
    public void CallsAreGivenByTheFieldsOfTheBuildsCallStruct()
    {
        using var directory = new TempDirectory();
        ExternalSetImage set = ExternalSetImage.Create();
        JsonObject tree = ImageJson.Tree(ImageJson.Decode(set.Write(), directory));

        JsonArray calls = ImageJson.Section(tree, "CALLS")["calls"]!.AsArray();

        StructLayout layout = set.Profile.Call!;
        Assert.Equal(set.External.Calls.Count, calls.Count);
        Assert.Equal(layout.Fields.Select(f => f.Name), calls[0]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void EditedPhoneAndFilePolicyAreWritten()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(ExternalSetImage.Create().Write(), directory);

        byte[] edited = ImageJson.Edit(json, tree =>
        {
            ImageJson.Section(tree, "TASK_IPC")["phones"]![1]!["hungUp"] = true;
            ImageJson.Section(tree, "FILES")["files"]![0]!["policy"] = "volatile";
            ImageJson.Section(tree, "COOPERATION")["timeoutTicks"] = 5000;
        });

        string path = directory.File("edited.snap");
        File.WriteAllBytes(path, ImageJson.Encode(edited));
        using ImageReader reader = ImageReader.Open(path);
        ExternalState external = reader.ReadMetadata().External!;
        Assert.True(external.TaskIpc[0].Phones[1].HungUp);
        Assert.Equal(FilePolicy.Volatile, external.Files[0].Files[0].Policy);
        Assert.Equal(5000UL, external.Cooperation.TimeoutTicks);
    }

    [Fact]
    public void UnknownPeerKindIsRefusedWithItsPath()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(ExternalSetImage.Create().Write(), directory);

        var refusal = ImageJson.Refusal(ImageJson.Edit(json, tree => ImageJson.Section(tree, "TASK_IPC")["phones"]![0]!["callee"]!["kind"] = "martian"));

        Assert.EndsWith(".phones[0].callee.kind", refusal.Path, StringComparison.Ordinal);
        Assert.StartsWith("'martian' is not one of: task, service, outside", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void FileWithoutModeIsRefused()
    {
        using var directory = new TempDirectory();
        byte[] json = ImageJson.Decode(ExternalSetImage.Create().Write(), directory);

        var refusal = ImageJson.Refusal(ImageJson.Edit(json, tree => ImageJson.Section(tree, "FILES")["files"]![0]!["mode"] = new JsonArray()));

        Assert.EndsWith(".files[0].mode", refusal.Path, StringComparison.Ordinal);
    }
}

using Snapshot.Format.Diff;
using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

/// <summary>snapdiff's engine compares the external state by stable ids, not by position.</summary>
public class ImageDifferExternalStateTests
{
    [Fact]
    public void The_same_set_has_no_differences()
    {
        using var dir = new TempDirectory();
        ImageDiff diff = Compare(dir, ExternalSetImage.Create(), ExternalSetImage.Create());

        Assert.True(diff.External.PresentA && diff.External.PresentB);
        Assert.Empty(diff.External.Items);
        Assert.False(diff.HasDifferences);
    }

    [Fact]
    public void Phones_calls_and_files_are_matched_by_id_and_only_differences_are_listed()
    {
        using var dir = new TempDirectory();
        ExternalSetImage a = ExternalSetImage.Create();
        ExternalSetImage b = a.WithCalls(a.CanonicalCalls
            .Where(c => c.SenderCallId != 5)
            .Select(c => c.SenderCallId == 6 ? c with { State = CallQueueState.Dispatched, ReceiverCallId = 3 } : c)
            .Reverse());
        TaskIpcRecord client = b.External.TaskIpc[0];
        b = b with
        {
            External = b.External with
            {
                TaskIpc = [client with { Phones = [.. client.Phones.Select(p => p.PhoneId == 1 ? p with { HungUp = true } : p)] }, b.External.TaskIpc[1]],
                Files = [b.External.Files[0] with { Files = [b.External.Files[0].Files[0] with { Position = 26 }, b.External.Files[0].Files[1]] }],
            },
        };

        ImageDiff diff = Compare(dir, a, b);

        Assert.True(diff.HasDifferences);
        Assert.Equal(
        [
            "phone task 1 phone 1 Changed hung_up: no -> yes",
            "call task 1 call 5 Removed state: Answered -> -",
            "call task 1 call 6 Changed state: Queued -> Dispatched; receiver_call_id: 0 -> 3",
            "file task 1 handle 1 Changed position: 10 -> 26",
        ], diff.External.Items.Select(Describe));
    }

    [Fact]
    public void Outside_phones_are_matched_by_task_and_phone()
    {
        using var dir = new TempDirectory();
        ExternalSetImage a = ExternalSetImage.Create();
        CooperationRecord cooperation = a.External.Cooperation;
        ExternalSetImage b = a with
        {
            External = a.External with
            {
                Cooperation = cooperation with
                {
                    OutsidePhones = [cooperation.OutsidePhones[0] with { Callee = new PeerRef(PeerKind.Task, 1) }, new OutsidePhoneRecord(9, 4, new PeerRef(PeerKind.Task, 2))],
                },
            },
        };

        ImageDiff diff = Compare(dir, a, b);

        Assert.Equal(
        [
            "outside_phone outside task 9 phone 1 Changed callee: task 2 -> task 1",
            "outside_phone outside task 9 phone 4 Added callee: - -> task 2",
        ], diff.External.Items.Select(Describe));
    }

    [Fact]
    public void An_image_with_external_state_against_one_without_says_so()
    {
        using var dir = new TempDirectory();
        string a = TestImage.Small().WriteFile(dir, "plain.snap");
        string b = ExternalSetImage.Create().WriteFile(dir, "set.snap");
        using ImageReader readerA = ImageReader.Open(a);
        using ImageReader readerB = ImageReader.Open(b);

        ImageDiff diff = ImageDiffer.Compare(readerA, readerB);

        Assert.False(diff.External.PresentA);
        Assert.True(diff.External.PresentB);
        Assert.All(diff.External.Items, item => Assert.Equal(ChangeKind.Added, item.Kind));
    }

    private static string Describe(ExternalItemDiff item)
    {
        IEnumerable<FieldChange> fields = item.Kind == ChangeKind.Removed ? item.Fields.Where(f => f.Field == "state") : item.Fields;
        return $"{item.Category} {item.Key} {item.Kind} {string.Join("; ", fields.Select(f => $"{f.Field}: {f.Before} -> {f.After}"))}";
    }

    private static ImageDiff Compare(TempDirectory dir, ExternalSetImage a, ExternalSetImage b)
    {
        File.WriteAllBytes(dir.File("a.snap"), a.Write());
        File.WriteAllBytes(dir.File("b.snap"), b.Write());
        using ImageReader readerA = ImageReader.Open(dir.File("a.snap"));
        using ImageReader readerB = ImageReader.Open(dir.File("b.snap"));
        return ImageDiffer.Compare(readerA, readerB);
    }
}

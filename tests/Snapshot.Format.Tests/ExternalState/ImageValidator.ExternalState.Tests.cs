using System.Text;
using Snapshot.Format.Kernels;
using Snapshot.Format.Tests.Support;
using Snapshot.Format.Validation;

namespace Snapshot.Format.Tests;

/// <summary>snapcheck's cross references of the external state: each broken rule is one problem naming section and ids.</summary>
public class ImageValidatorExternalStateTests
{
    [Fact]
    public void A_consistent_set_has_no_problems()
    {
        using var dir = new TempDirectory();

        ValidationReport report = ImageValidator.Validate(ExternalSetImage.Create().WriteFile(dir));

        Assert.True(report.IsValid, string.Join("\n", report.Problems));
    }

    public static TheoryData<string, string, string> Breaks => new()
    {
        { "callee", "TASK_IPC", "phone 4 of task 1 calls service 7, but service 7 is not a cooperative member" },
        { "outside-callee", "TASK_IPC", "phone 1 of task 1 calls outside task 8, but task 8 is not a listed outside task" },
        { "call-phone", "CALLS", "call 3 of task 1: task 1 has no phone 9" },
        { "receiver-id", "CALLS", "call 3 of task 1: receiver call id 5 is not between 1 and task 2's next receiver call id 3" },
        { "receiver-twice", "CALLS", "call 4 of task 1: receiver call id 1 of task 2 is used twice" },
        { "sync-thread", "CALLS", "call 3 of task 1: the waiting thread 4 does not exist in task 1" },
        { "receiver", "CALLS", "call 6 of task 1: receiver task 5, but task 5 is not in the checkpoint set" },
        { "share-base", "SHARED_AREAS", "shared area 1, task 2 area 4: the area (0x400000, 0x4000 bytes) disagrees with the share (base 0x410000, 0x4000 bytes)" },
        { "share-pages", "MEMCHUNK", "a share's pages are stored only with its lowest task participant (task 1)" },
        { "share-backing", "SHARED_AREAS", "shared area 1, task 2 area 4: the area's backing is Anonymous, not Shared" },
        { "connection-phone", "COOPERATION", "connection of task 1 phone 1 to service 2: the phone calls task 2" },
        { "connection-order", "COOPERATION", "is out of order or repeated" },
        { "outside-member", "COOPERATION", "outside task 2 is a task of the checkpoint set" },
        { "outside-phone-callee", "COOPERATION", "outside phone 1 of task 9 calls service 1, which is not a task of the checkpoint set" },
        { "outside-phone-task", "COOPERATION", "outside phone 1 of task 8 belongs to a task that is not a listed outside task" },
        { "outside-phone-order", "COOPERATION", "outside phone 1 of task 9 is out of order or repeated" },
        { "uncooperative", "COOPERATION", "service 2 (vfs) did not cooperate, which only the resume error policy allows" },
        { "backup-hash", "FILES", "file /data/out.txt (handle 2) of task 1: the stored contents do not hash to the content hash" },
        { "backup-size", "FILES", "file /data/out.txt (handle 2) of task 1: policy BackupOverwrite carries the whole file, 99 bytes, but 13 are stored" },
        { "unchangeable-contents", "FILES", "file /data/in.txt (handle 1) of task 1: policy Unchangeable carries no contents, yet 3 bytes are stored" },
    };

    [Theory]
    [MemberData(nameof(Breaks))]
    public void Each_broken_reference_is_one_problem_naming_section_and_ids(string change, string section, string message)
    {
        using var dir = new TempDirectory();
        ExternalSetImage set = Break(ExternalSetImage.Create(), change);
        string path = dir.File("broken.snap");
        File.WriteAllBytes(path, set.Write());

        ValidationReport report = ImageValidator.Validate(path);

        ValidationProblem problem = Assert.Single(report.Problems);
        Assert.Equal(section, problem.Section);
        Assert.Contains(message, problem.Message);
        using ImageReader reader = ImageReader.Open(path);
        Assert.Contains(reader.Index, entry => entry.Offset == problem.Offset);
    }

    [Fact]
    public void Calls_in_an_image_of_a_build_without_a_call_struct_are_a_problem()
    {
        using var dir = new TempDirectory();
        KernelBuildProfile old = KernelBuildCatalog.Find("spartan-0.4")!;
        ExternalSetImage set = ExternalSetImage.Create(old, call => Encoding.UTF8.GetBytes($"call {call.SenderCallId}"));
        string path = dir.File("old.snap");
        File.WriteAllBytes(path, set.Write());

        ValidationReport report = ImageValidator.Validate(path);

        ValidationProblem problem = Assert.Single(report.Problems);
        Assert.Equal("CALLS", problem.Section);
        Assert.Contains("build spartan-0.4 has no \"call\" struct", problem.Message);
    }

    [Fact]
    public void A_call_blob_the_build_cannot_decode_is_named_by_its_position()
    {
        using var dir = new TempDirectory();
        ExternalSetImage set = ExternalSetImage.Create();
        set = set with { External = set.External with { Calls = [.. set.External.Calls.Take(1), new CallRecord(new byte[3])] } };
        string path = dir.File("short.snap");
        File.WriteAllBytes(path, set.Write());

        ValidationReport report = ImageValidator.Validate(path);

        Assert.Contains(report.Problems, p => p.Section == "CALLS" && p.Message.StartsWith("call 1: ", StringComparison.Ordinal));
    }

    private static ExternalSetImage Break(ExternalSetImage set, string change)
    {
        Format.ExternalState e = set.External;
        CooperationRecord cooperation = e.Cooperation;
        TaskIpcRecord client = e.TaskIpc[0];
        OpenFileRecord input = e.Files[0].Files[0], output = e.Files[0].Files[1];
        return change switch
        {
            "callee" => WithClientIpc(set, client with { Phones = [.. client.Phones.Select(p => p.PhoneId == 4 ? p with { Callee = new PeerRef(PeerKind.Service, 7) } : p)] }),
            "outside-callee" => WithClientIpc(set, client with { Phones = [.. client.Phones.Select(p => p.PhoneId == 1 ? p with { Callee = new PeerRef(PeerKind.Outside, 8) } : p)] }),
            "call-phone" => set.WithCalls(set.CanonicalCalls.Select(c => c.SenderCallId == 3 ? c with { PhoneId = 9 } : c)),
            "receiver-id" => set.WithCalls(set.CanonicalCalls.Select(c => c.SenderCallId == 3 ? c with { ReceiverCallId = 5 } : c)),
            "receiver-twice" => set.WithCalls(set.CanonicalCalls.Select(c => c.SenderCallId == 4 ? c with { ReceiverCallId = 1 } : c)),
            "sync-thread" => set.WithCalls(set.CanonicalCalls.Select(c => c.SenderCallId == 3 ? c with { SyncThreadId = 4 } : c)),
            "receiver" => set.WithCalls(set.CanonicalCalls.Select(c => c.SenderCallId == 6 ? c with { Receiver = new PeerRef(PeerKind.Task, 5) } : c)),
            "share-base" => set with { External = e with { SharedAreas = [e.SharedAreas[0] with { Participants = [e.SharedAreas[0].Participants[0], e.SharedAreas[0].Participants[1] with { Base = 0x410000 }] }] } },
            "share-pages" => AddServerSharePages(set),
            "share-backing" => RebackServerShare(set),
            "connection-phone" => set with { External = e with { Cooperation = cooperation with { Connections = [cooperation.Connections[0], cooperation.Connections[1], cooperation.Connections[2] with { PhoneId = 1 }] } } },
            "connection-order" => set with { External = e with { Cooperation = cooperation with { Connections = [cooperation.Connections[1], cooperation.Connections[0], cooperation.Connections[2]] } } },
            "outside-member" => set with { External = e with { Cooperation = cooperation with { OutsideTaskIds = [2, 9] } } },
            "outside-phone-callee" => WithOutsidePhones(set, new OutsidePhoneRecord(9, 1, new PeerRef(PeerKind.Service, 1))),
            "outside-phone-task" => WithOutsidePhones(set, new OutsidePhoneRecord(8, 1, new PeerRef(PeerKind.Task, 2))),
            "outside-phone-order" => WithOutsidePhones(set, new OutsidePhoneRecord(9, 2, new PeerRef(PeerKind.Task, 2)), new OutsidePhoneRecord(9, 1, new PeerRef(PeerKind.Task, 2))),
            "uncooperative" => set with { External = e with { Cooperation = cooperation with { Services = [cooperation.Services[0], cooperation.Services[1] with { Cooperated = false }] } } },
            "backup-hash" => WithFiles(set, input, output with { Contents = Encoding.UTF8.GetBytes("HELLO, WORLD\n") }),
            "backup-size" => WithFiles(set, input, output with { Size = 99 }),
            "unchangeable-contents" => WithFiles(set, input with { Contents = new byte[3] }, output),
            _ => throw new ArgumentOutOfRangeException(nameof(change), change, null),
        };
    }

    private static ExternalSetImage WithOutsidePhones(ExternalSetImage set, params OutsidePhoneRecord[] phones) =>
        set with { External = set.External with { Cooperation = set.External.Cooperation with { OutsidePhones = phones } } };

    private static ExternalSetImage WithClientIpc(ExternalSetImage set, TaskIpcRecord client) =>
        set with { External = set.External with { TaskIpc = [client, set.External.TaskIpc[1]] } };

    private static ExternalSetImage WithFiles(ExternalSetImage set, params OpenFileRecord[] files) =>
        set with { External = set.External with { Files = [set.External.Files[0] with { Files = files }] } };

    private static ExternalSetImage AddServerSharePages(ExternalSetImage set)
    {
        set.Tasks[1].Pages[ExternalSetImage.SharedAreaId] = [TestTask.Page(1, new Random(3))];
        return set;
    }

    private static ExternalSetImage RebackServerShare(ExternalSetImage set)
    {
        List<AreaRecord> areas = set.Tasks[1].Areas;
        int i = areas.FindIndex(a => a.AreaId == ExternalSetImage.SharedAreaId);
        areas[i] = areas[i] with { Backing = AreaBacking.Anonymous };
        return set;
    }
}

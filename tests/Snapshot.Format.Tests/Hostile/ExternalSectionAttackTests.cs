using Snapshot.Format.Binary;
using Snapshot.Format.Sections;
using Snapshot.Format.Tests.Support;

namespace Snapshot.Format.Tests;

/// <summary>
/// The external-state section parsers (format 1.2) under hostile payloads, as MessagePack's reader tests do it:
/// every payload one byte short, and hostile bytes at every position, yield <see cref="SnapshotFormatException"/> or
/// a record, nothing else; a huge count claim allocates nothing.
/// </summary>
public class ExternalSectionAttackTests
{
    private delegate void Parser(ReadOnlySpan<byte> payload);

    public static TheoryData<string> Sections => new() { "COOPERATION", "SHARED_AREAS", "CALLS", "TASK_IPC", "FILES" };

    [Theory]
    [MemberData(nameof(Sections))]
    public void Every_short_payload_is_refused_with_the_format_exception(string section)
    {
        (byte[] payload, Parser parse) = Valid(section);
        parse(payload);
        for (int length = 0; length < payload.Length; length++)
        {
            byte[] shortened = payload[..length];
            Assert.Throws<SnapshotFormatException>(() => parse(shortened));
        }
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void Hostile_bytes_at_every_position_parse_or_throw_only_the_format_exception(string section)
    {
        (byte[] payload, Parser parse) = Valid(section);
        foreach (byte value in new byte[] { 0x00, 0x01, 0x7f, 0x80, 0xff })
        {
            for (int i = 0; i < payload.Length; i++)
            {
                byte[] hostile = (byte[])payload.Clone();
                hostile[i] = value;
                try
                {
                    parse(hostile);
                }
                catch (SnapshotFormatException)
                {
                    // The documented outcome; anything else escapes and fails the test.
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void A_maximal_count_claim_is_refused_before_allocating(string section)
    {
        // Every section's first list count, claimed as 0xFFFFFFFF with nothing behind it.
        int countOffset = section switch
        {
            "COOPERATION" => 16,
            "TASK_IPC" => 32,
            "FILES" => 18,
            _ => 0,
        };
        (byte[] valid, Parser parse) = Valid(section);
        byte[] payload = valid[..(countOffset + 4)];
        payload.AsSpan(countOffset, 4).Fill(0xff);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<SnapshotFormatException>(() => parse(payload));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 * 1024);
    }

    private static (byte[] Payload, Parser Parse) Valid(string section)
    {
        ExternalState state = ExternalSetImage.Create().External;
        var writer = new PayloadWriter();
        Parser parse;
        switch (section)
        {
            case "COOPERATION":
                CooperationSection.Write(writer, state.Cooperation);
                parse = payload => CooperationSection.Read(payload, 0);
                break;
            case "SHARED_AREAS":
                SharedAreasSection.Write(writer, state.SharedAreas);
                parse = payload => SharedAreasSection.Read(payload, 0);
                break;
            case "CALLS":
                CallsSection.Write(writer, state.Calls);
                parse = payload => CallsSection.Read(payload, 0);
                break;
            case "TASK_IPC":
                TaskIpcSection.Write(writer, state.TaskIpc[0]);
                parse = payload => TaskIpcSection.Read(payload, 0);
                break;
            default:
                FilesSection.Write(writer, state.Files[0]);
                parse = payload => FilesSection.Read(payload, 0);
                break;
        }
        return (writer.WrittenSpan.ToArray(), parse);
    }
}

using Snapshot.Format.Binary;
using Snapshot.Format.Layout;

namespace Snapshot.Format.Sections;

/// <summary>
/// COOPERATION payload (format 1.2): u8 error policy, u8 kill policy, 6 reserved, u64 timeout ticks;
/// u32 count, services {u64 service id, u8 cooperated, string name}; u32 count, connections {u64 service id,
/// u64 client task id, u64 phone id, u32 state version, u32 count, entries {string key, string value}};
/// u32 count, outside task ids {u64}; u32 count, outside phones {u64 task id, u64 phone id, u8 callee kind,
/// 7 reserved, u64 callee id}.
/// </summary>
internal static class CooperationSection
{
    private const string Section = "COOPERATION";
    private const int MinServiceLength = 8 + 1 + 2;
    private const int MinConnectionLength = 8 + 8 + 8 + 4 + 4;
    private const int MinEntryLength = 2 + 2;
    private const int OutsidePhoneLength = 8 + 8 + 1 + 7 + 8;

    public static void Write(PayloadWriter writer, CooperationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(record.Services);
        ArgumentNullException.ThrowIfNull(record.Connections);
        ArgumentNullException.ThrowIfNull(record.OutsideTaskIds);
        if (!Enum.IsDefined(record.ErrorPolicy) || !Enum.IsDefined(record.Kill))
            throw new ArgumentException("undefined error or kill policy", nameof(record));
        Limit(record.Services.Count, FormatLimits.MaxServices, "cooperative services");
        Limit(record.Connections.Count, FormatLimits.MaxConnections, "connections");
        Limit(record.OutsideTaskIds.Count, FormatLimits.MaxOutsideTasks, "outside tasks");
        ArgumentNullException.ThrowIfNull(record.OutsidePhones);
        Limit(record.OutsidePhones.Count, FormatLimits.MaxOutsidePhones, "outside phones");

        writer.U8((byte)record.ErrorPolicy);
        writer.U8((byte)record.Kill);
        writer.Zeros(6);
        writer.U64(record.TimeoutTicks);
        writer.U32((uint)record.Services.Count);
        foreach (ServiceMember service in record.Services)
        {
            writer.U64(service.ServiceId);
            writer.U8(service.Cooperated ? (byte)1 : (byte)0);
            writer.String(service.Name, "service name");
        }
        writer.U32((uint)record.Connections.Count);
        foreach (ConnectionRecord connection in record.Connections)
        {
            ArgumentNullException.ThrowIfNull(connection.State);
            Limit(connection.State.Count, FormatLimits.MaxConnectionEntries, "entries of a connection's state");
            writer.U64(connection.ServiceId);
            writer.U64(connection.ClientTaskId);
            writer.U64(connection.PhoneId);
            writer.U32(connection.StateVersion);
            writer.U32((uint)connection.State.Count);
            foreach (ConnectionEntry entry in connection.State)
            {
                writer.String(entry.Key, "connection state key");
                writer.String(entry.Value, "connection state value");
            }
        }
        writer.U32((uint)record.OutsideTaskIds.Count);
        foreach (ulong id in record.OutsideTaskIds)
            writer.U64(id);
        writer.U32((uint)record.OutsidePhones.Count);
        foreach (OutsidePhoneRecord phone in record.OutsidePhones)
        {
            ExternalCodec.CheckPeer(phone.Callee, $"outside phone {phone.PhoneId} of task {phone.TaskId}");
            writer.U64(phone.TaskId);
            writer.U64(phone.PhoneId);
            writer.U8((byte)phone.Callee.Kind);
            writer.Zeros(7);
            writer.U64(phone.Callee.Id);
        }
    }

    public static CooperationRecord Read(ReadOnlySpan<byte> payload, long offset)
    {
        var reader = new PayloadReader(payload, Section, offset);
        long at = reader.Offset;
        var errorPolicy = (CheckpointErrorPolicy)reader.U8();
        if (!Enum.IsDefined(errorPolicy))
            FormatThrow.Invalid(Section, at, $"unknown error policy {(byte)errorPolicy}");
        at = reader.Offset;
        var kill = (KillPolicy)reader.U8();
        if (!Enum.IsDefined(kill))
            FormatThrow.Invalid(Section, at, $"unknown kill policy {(byte)kill}");
        reader.Reserved(6);
        ulong timeout = reader.U64();

        int count = reader.Count(FormatLimits.MaxServices, MinServiceLength, "service");
        var services = new ServiceMember[count];
        for (int i = 0; i < count; i++)
        {
            ulong id = reader.U64();
            bool cooperated = ExternalCodec.Bool(ref reader, $"service {id} cooperated flag");
            services[i] = new ServiceMember(id, reader.String("service name"), cooperated);
        }

        count = reader.Count(FormatLimits.MaxConnections, MinConnectionLength, "connection");
        var connections = new ConnectionRecord[count];
        for (int i = 0; i < count; i++)
        {
            ulong serviceId = reader.U64();
            ulong clientId = reader.U64();
            ulong phoneId = reader.U64();
            uint version = reader.U32();
            int entryCount = reader.Count(FormatLimits.MaxConnectionEntries, MinEntryLength, "connection state entry");
            var entries = new ConnectionEntry[entryCount];
            for (int j = 0; j < entryCount; j++)
                entries[j] = new ConnectionEntry(reader.String("connection state key"), reader.String("connection state value"));
            connections[i] = new ConnectionRecord(serviceId, clientId, phoneId, version, entries);
        }

        count = reader.Count(FormatLimits.MaxOutsideTasks, sizeof(ulong), "outside task");
        var outside = new ulong[count];
        for (int i = 0; i < count; i++)
            outside[i] = reader.U64();

        count = reader.Count(FormatLimits.MaxOutsidePhones, OutsidePhoneLength, "outside phone");
        var phones = new OutsidePhoneRecord[count];
        for (int i = 0; i < count; i++)
        {
            ulong taskId = reader.U64();
            ulong phoneId = reader.U64();
            PeerKind kind = ExternalCodec.Kind(ref reader, $"outside phone {phoneId} of task {taskId} callee");
            reader.Reserved(7);
            phones[i] = new OutsidePhoneRecord(taskId, phoneId, new PeerRef(kind, reader.U64()));
        }
        reader.End();
        return new CooperationRecord(errorPolicy, kill, timeout, services, connections, outside) { OutsidePhones = phones };
    }

    private static void Limit(int count, int limit, string what)
    {
        if (count > limit)
            throw new ArgumentException($"at most {limit} {what}");
    }
}

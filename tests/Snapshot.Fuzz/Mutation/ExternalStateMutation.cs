using System.Buffers.Binary;
using Snapshot.Format;

namespace Snapshot.Fuzz.Mutation;

/// <summary>
/// One field of a checkpoint set's external state (format 1.2) set to an extreme or random value: a phone's id,
/// callee or state, a word of a call blob, a share's base, size or owner, a connection's ids, a policy, an outside
/// task or outside phone, an open file's policy, size or contents. This is what reaches the validator's and restore's cross
/// references with every CRC right.
/// </summary>
internal static class ExternalStateMutation
{
    public static (ExternalState State, string Description) Change(ExternalState state, Random random, Func<ulong> extreme)
    {
        switch (random.Next(7))
        {
            case 0 when state.TaskIpc.Count > 0:
            {
                int t = random.Next(state.TaskIpc.Count);
                TaskIpcRecord ipc = state.TaskIpc[t];
                if (ipc.Phones.Count == 0)
                    return (Replace(state, t, ipc with { NextPhoneId = extreme() }), $"task {ipc.TaskId} next phone id");
                int p = random.Next(ipc.Phones.Count);
                PhoneRecord phone = ipc.Phones[p];
                PhoneRecord changed = random.Next(3) switch
                {
                    0 => phone with { PhoneId = extreme() },
                    1 => phone with { Callee = new PeerRef((PeerKind)random.Next(1, 4), extreme()) },
                    _ => phone with { HungUp = !phone.HungUp },
                };
                PhoneRecord[] phones = [.. ipc.Phones];
                phones[p] = changed;
                return (Replace(state, t, ipc with { Phones = phones }), $"task {ipc.TaskId} phone {phone.PhoneId} -> {changed}");
            }

            case 1 when state.Calls.Count > 0:
            {
                int c = random.Next(state.Calls.Count);
                byte[] blob = state.Calls[c].KernelCall.ToArray();
                if (blob.Length >= 8)
                {
                    int offset = random.Next(blob.Length / 8) * 8;
                    BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(offset), extreme());
                }
                CallRecord[] calls = [.. state.Calls];
                calls[c] = new CallRecord(blob);
                return (state with { Calls = calls }, $"call {c} blob word");
            }

            case 2 when state.SharedAreas.Count > 0:
            {
                SharedAreaRecord share = state.SharedAreas[0];
                SharedAreaRecord changed = random.Next(3) switch
                {
                    0 => share with { Size = extreme() },
                    1 => share with { ServiceId = extreme(), ContentInImage = random.Next(2) == 0 },
                    _ => share with { Participants = [.. share.Participants.Select(p => p with { Base = extreme() & ~0xFFFUL })] },
                };
                return (state with { SharedAreas = [changed, .. state.SharedAreas.Skip(1)] }, $"share {share.ShareId} -> {changed}");
            }

            case 3 when state.Cooperation.Connections.Count > 0:
            {
                ConnectionRecord connection = state.Cooperation.Connections[0];
                ConnectionRecord changed = random.Next(2) == 0 ? connection with { PhoneId = extreme() } : connection with { ServiceId = extreme() };
                return (state with { Cooperation = state.Cooperation with { Connections = [changed, .. state.Cooperation.Connections.Skip(1)] } },
                    $"connection -> {changed}");
            }

            case 4 when state.Files.Count > 0 && state.Files[0].Files.Count > 0:
            {
                TaskFilesRecord files = state.Files[0];
                OpenFileRecord file = files.Files[0];
                OpenFileRecord changed = random.Next(3) switch
                {
                    0 => file with { Policy = (FilePolicy)random.Next(1, 5) },
                    1 => file with { Size = extreme() },
                    _ => file with { Contents = new byte[random.Next(0, 64)] },
                };
                return (state with { Files = [files with { Files = [changed, .. files.Files.Skip(1)] }, .. state.Files.Skip(1)] },
                    $"file {file.Path} -> policy {changed.Policy}, size {changed.Size}, {changed.Contents.Length} bytes");
            }

            case 6:
            {
                // An outside phone with extreme ids or callee: restore must refuse it before creating its stand-in.
                var phone = new OutsidePhoneRecord(random.Next(2) == 0 && state.Cooperation.OutsideTaskIds.Count > 0
                        ? state.Cooperation.OutsideTaskIds[random.Next(state.Cooperation.OutsideTaskIds.Count)]
                        : extreme(),
                    extreme(), new PeerRef((PeerKind)random.Next(1, 4), extreme()));
                return (state with { Cooperation = state.Cooperation with { OutsidePhones = [.. state.Cooperation.OutsidePhones, phone] } },
                    $"outside phone {phone.PhoneId} of task {phone.TaskId} to {phone.Callee} added");
            }

            default:
            {
                ulong id = extreme();
                return (state with { Cooperation = state.Cooperation with { OutsideTaskIds = [.. state.Cooperation.OutsideTaskIds, id] } },
                    $"outside task {id} added");
            }
        }
    }

    private static ExternalState Replace(ExternalState state, int index, TaskIpcRecord ipc)
    {
        TaskIpcRecord[] all = [.. state.TaskIpc];
        all[index] = ipc;
        return state with { TaskIpc = all };
    }
}

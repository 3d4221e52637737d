using KernelSim.Ipc;
using KernelSim.Kernel;
using KernelSim.Machine;
using KernelSim.Services;
using KernelSim.Services.Naming;
using Snapshot.Format;

namespace KernelSim.Tests.Services;

/// <summary>The naming service: registration, connection by name (at once or pending), postponement, the time area, export and import.</summary>
public sealed class NamingServiceTests
{
    /// <summary>Registers "echo" (after sleeping r1 ticks) and answers every call (connect-me-to with 0) forever.</summary>
    private const string Server = """
        _start:
            li r0, SYS_SLEEP
            syscall
            la r1, name
            ldq r1, [r1]
            call ns_register
            mov r7, r0
        serve:
            la r1, event
            li r2, 0
            call ipc_wait
            la r1, event
            ldq r1, [r1]
            la r2, answer
            call ipc_answer
            jmp serve
        .data
        .align 8
        name: .ascii "echo"
              .zero 4
        event: .zero 64
        answer: .zero 48
        .include "lib/ipc.s"
        """;

    /// <summary>Connects to "echo" (result in r7) and spins.</summary>
    private const string Client = """
        _start:
            la r1, name
            ldq r1, [r1]
            call ns_connect
            mov r7, r0
        done:
            jmp done
        .data
        .align 8
        name: .ascii "echo"
              .zero 4
        .include "lib/ipc.s"
        """;

    [Fact]
    public void The_native_services_are_registered_at_boot_and_an_unknown_name_waits()
    {
        var kernel = new ServiceKernel();
        Assert.Equal(["console", "shm", "vfs"], kernel.Naming.Registrations.Select(r => r.Name));
        Assert.All(kernel.Naming.Registrations, r => Assert.True(NativeTaskIds.IsNative(r.ServerTaskId)));
        var client = kernel.Spawn(Client);
        kernel.Kernel.Run(100);
        Assert.Single(kernel.Naming.WaitingConnections);
        Assert.Equal(0UL, client.FindThread(1)!.Registers.R[7]);
        kernel.Kernel.Kill(client.Id);
        kernel.Kernel.Run(1);
        Assert.Empty(kernel.Naming.WaitingConnections); // a dead client's request does not wait on
    }

    [Fact]
    public void A_client_that_connects_before_its_server_registers_gets_its_phone_when_the_server_does()
    {
        var kernel = new ServiceKernel();
        var server = kernel.Spawn(Server, argument: 200);
        var client = kernel.Spawn(Client);
        kernel.Kernel.Run(100);
        Assert.Single(kernel.Naming.WaitingConnections);
        Assert.True(kernel.Naming.RequestCheckpoint(client.Id, 0)); // waiting for a server is not an attempt in flight
        kernel.Naming.EndCheckpoint(client.Id, 0);
        kernel.Kernel.Run(400);
        Assert.Empty(kernel.Naming.WaitingConnections);
        Assert.Equal(0UL, server.FindThread(1)!.Registers.R[7]);
        Assert.Equal(1UL, client.FindThread(1)!.Registers.R[7]); // the first user phone
        Assert.Equal(server.Id, kernel.Naming.Find("echo")!.ServerTaskId);
        Assert.Equal([new ConnectionEntry("registered", "echo")], kernel.Naming.ExportConnection(server.Id, 0).State);
    }

    [Fact]
    public void A_second_server_under_the_same_name_gets_EEXIST_and_a_dead_servers_name_is_free_again()
    {
        var kernel = new ServiceKernel();
        var first = kernel.Spawn(Server, argument: 1);
        var second = kernel.Spawn(Server, argument: 50);
        kernel.Kernel.Run(300);
        Assert.Equal(0UL, first.FindThread(1)!.Registers.R[7]);
        Assert.Equal(unchecked((ulong)(long)SyscallError.Exists), second.FindThread(1)!.Registers.R[7]);
        kernel.Kernel.Kill(first.Id);
        Assert.Null(kernel.Naming.Find("echo"));
        var third = kernel.Spawn(Server, argument: 1);
        kernel.Kernel.Run(100);
        Assert.Equal(0UL, third.FindThread(1)!.Registers.R[7]);
    }

    [Fact]
    public void Postponed_connection_requests_wait_until_the_checkpoint_resumes_them()
    {
        var kernel = new ServiceKernel();
        kernel.Spawn(Server, argument: 1);
        kernel.Kernel.Run(50);
        kernel.Naming.PostponeConnections([2]);
        var client = kernel.Spawn(Client);
        Assert.Equal(2UL, client.Id);
        kernel.Kernel.Run(200);
        Assert.Equal(0UL, client.FindThread(1)!.Registers.R[7]);
        kernel.Naming.ResumeConnections();
        kernel.Kernel.Run(50);
        Assert.Equal(1UL, client.FindThread(1)!.Registers.R[7]);
    }

    [Fact]
    public void Import_re_registers_a_restored_server_and_refuses_a_duplicate()
    {
        var kernel = new ServiceKernel();
        var server = kernel.Spawn(Server, argument: 1000);
        var state = new ConnectionRecord(ServiceIds.Naming, 1, 0, 1, [new ConnectionEntry("registered", "echo")]);
        Assert.Null(kernel.Naming.ImportConnection(server.Id, 0, state));
        Assert.Equal(server.Id, kernel.Naming.Find("echo")!.ServerTaskId);
        var other = kernel.Spawn(Client);
        Assert.Equal("duplicate server: 'echo' is already registered by task 1", kernel.Naming.ImportConnection(other.Id, 0, state));
        Assert.Contains("no connection state 'colour'", kernel.Naming.ImportConnection(other.Id, 0, state with { State = [new ConnectionEntry("colour", "red")] }));
        Assert.Contains("version 1, not 9", kernel.Naming.ImportConnection(other.Id, 0, state with { StateVersion = 9 }));
        Assert.Contains("cannot be imported by service 1", kernel.Naming.ImportConnection(other.Id, 0, state with { ServiceId = 2 }));
    }

    [Fact]
    public void The_time_area_is_a_read_only_page_with_the_tick_count()
    {
        const string readTime = """
            _start:
                li r1, 0
                li r2, 4096
                li r3, 1
                li r4, 1
                call ipc_share_in
                mov r8, r0
                li r1, 100
                li r0, SYS_SLEEP
                syscall
                ldq r7, [r8]
            done:
                jmp done
            .include "lib/ipc.s"
            """;
        var kernel = new ServiceKernel();
        var task = kernel.Spawn(readTime);
        kernel.Kernel.Run(300);
        var seen = task.FindThread(1)!.Registers.R[7];
        Assert.InRange(seen, 100UL, 300UL);
        var area = task.AddressSpace.Areas.Single(a => a.Backing == AreaBacking.Shared);
        Assert.Equal(AreaFlags.Read, area.Flags);
        Assert.Same(kernel.Naming.TimeArea, area.Store);
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(0x0000_0000_0100_0061UL)] // a zero byte inside the name
    [InlineData(0x0000_0000_0000_2061UL)] // a space
    public void Bad_names_are_not_service_names(ulong packed) => Assert.False(PackedName.TryUnpack(packed, out _));

    [Fact]
    public void Names_pack_little_endian_into_one_quad()
    {
        Assert.Equal(0x736676UL, PackedName.Pack("vfs"));
        Assert.True(PackedName.TryUnpack(PackedName.Pack("console"), out var name));
        Assert.Equal("console", name);
        Assert.Throws<ArgumentException>(() => PackedName.Pack("too-long-name"));
    }

    [Fact]
    public void Calls_over_a_frozen_connection_wait_until_the_checkpoint_ends_and_an_uncooperative_service_never_agrees()
    {
        var kernel = new ServiceKernel();
        kernel.Console.Input.Add(0, "z"u8);
        var task = kernel.Spawn("""
            _start:
                call con_open
                call con_read
                mov r7, r0
            done:
                jmp done
            .include "lib/console.s"
            """);
        kernel.Kernel.Run(20);
        var phone = task.Ipc.Phones.Single(p => p.Id != 0 && p.State == PhoneState.Connected).Id;
        Assert.True(kernel.Console.RequestCheckpoint(task.Id, phone));
        kernel.Kernel.Run(200);
        Assert.Equal(0UL, task.FindThread(1)!.Registers.R[7]);
        Assert.Equal([new ConnectionEntry("read_position", "0")], kernel.Console.ExportConnection(task.Id, phone).State);
        kernel.Console.EndCheckpoint(task.Id, phone);
        kernel.Kernel.Run(5);
        Assert.Equal((ulong)'z', task.FindThread(1)!.Registers.R[7]);
        kernel.Console.IsUncooperative = true;
        Assert.False(kernel.Console.RequestCheckpoint(task.Id, phone));
    }
}

namespace KernelSim.Tests.Services;

/// <summary>Every vfs method and its errors, through lib/vfs.s from a user program that prints each result.</summary>
public sealed class VfsProtocolTests
{
    /// <summary>Each step calls the vfs and prints "&lt;step&gt;: &lt;signed result&gt;".</summary>
    private const string Operations = """
        .equ STEP, 120
        _start:
            la r2, tls_block
            wrtls r2
            la r1, missing
            li r2, 8
            li r3, O_READ
            call vfs_open                      ; 1: ENOENT
            call show
            la r1, dir
            li r2, 2
            call vfs_mkdir                     ; 2: 0
            call show
            la r1, dir
            li r2, 2
            call vfs_mkdir                     ; 3: EEXIST
            call show
            la r1, dir + 1
            li r2, 1
            call vfs_chdir                     ; 4: 0 (relative "d")
            call show
            la r1, file + 3
            li r2, 1
            li r3, O_WRITE + O_CREATE
            call vfs_open                      ; 5: handle 1 (relative "f")
            mov r8, r0
            call show
            mov r1, r8
            la r2, hello
            li r3, 5
            call vfs_write                     ; 6: 5
            call show
            mov r1, r8
            li r2, 1
            call vfs_seek                      ; 7: 1
            call show
            mov r1, r8
            la r2, ey
            li r3, 2
            call vfs_write                     ; 8: 2
            call show
            mov r1, r8
            call vfs_size                      ; 9: 5
            call show
            mov r1, r8
            la r2, buf
            li r3, 8
            call vfs_read                      ; 10: EBADF (write-only)
            call show
            mov r1, r8
            call vfs_close                     ; 11: 0
            call show
            mov r1, r8
            call vfs_close                     ; 12: EBADF
            call show
            la r1, file
            li r2, 4
            li r3, O_READ
            call vfs_open                      ; 13: handle 2
            mov r8, r0
            call show
            mov r1, r8
            la r2, buf
            li r3, 100
            call vfs_read                      ; 14: 5
            call show
            mov r1, r8
            la r2, buf + 8
            li r3, 100
            call vfs_read                      ; 15: 0 at the end
            call show
            la r1, dir
            li r2, 2
            li r3, O_READ
            call vfs_open                      ; 16: EISDIR
            call show
            la r1, deep
            li r2, 6
            li r3, O_READ
            call vfs_open                      ; 17: ENOTDIR
            call show
            la r1, file
            li r2, 4
            call vfs_chdir                     ; 18: ENOTDIR
            call show
            la r1, file
            li r2, 4
            li r3, 0
            call vfs_open                      ; 19: EINVAL (no access)
            call show
            la r1, file
            li r2, 0
            li r3, O_READ
            call vfs_open                      ; 20: EINVAL (empty path)
            call show
            la r1, file
            li r2, 4
            li r3, O_APPEND
            call vfs_open                      ; 21: handle 3
            mov r9, r0
            call show
            mov r1, r9
            la r2, bang
            li r3, 1
            call vfs_write                     ; 22: 1 (at the end)
            call show
            mov r1, r9
            li r2, 0x7fffffff
            call vfs_seek                      ; 23: EINVAL
            call show
            mov r1, r8
            li r2, 0
            call vfs_seek                      ; 24: 0
            call show
            mov r1, r8
            la r2, buf
            li r3, 100
            call vfs_read                      ; 25: 6
            call show
            li r1, 0x7000_0000
            li r2, 4
            li r3, O_READ
            call vfs_open                      ; 26: EFAULT
            call show
            mov r1, r8
            li r2, 0x7000_0000
            li r3, 4
            call vfs_read                      ; 27: EFAULT
            call show
            la r1, buf
            li r2, 6
            li r0, SYS_WRITE
            syscall
            li r1, 0
            li r0, SYS_TASK_EXIT
            syscall

        ; show(r0): prints "<step>: <r0 as a signed number>" and counts the step.
        show:
            push r8
            mov r8, r0
            ldq r1, [tls+STEP]
            addi r1, r1, 1
            stq r1, [tls+STEP]
            call out_num
            li r1, ':'
            call out_char
            li r1, ' '
            call out_char
            cmp r8, 0
            bge show.positive
            li r1, '-'
            call out_char
            neg r8, r8
        show.positive:
            mov r1, r8
            call out_num
            li r1, '\n'
            call out_char
            call out_flush
            pop r8
            ret

        .data
        missing: .ascii "/missing"
        dir: .ascii "/d"
        file: .ascii "/d/f"
        deep: .ascii "/d/f/x"
        hello: .ascii "hello"
        ey: .ascii "EY"
        bang: .ascii "!"
        .align 8
        tls_block: .zero 128
        buf: .zero 128
        .include "lib/line_output.s"
        .include "lib/vfs.s"
        .include "lib/service_phone.s"
        """;

    [Fact]
    public void Every_method_answers_its_result_or_its_error()
    {
        var kernel = new ServiceKernel();
        var task = kernel.Spawn(Operations);
        kernel.RunToEnd();
        Assert.Equal(0, task.ExitCode);
        Assert.Equal("""
            1: -2
            2: 0
            3: -17
            4: 0
            5: 1
            6: 5
            7: 1
            8: 2
            9: 5
            10: -9
            11: 0
            12: -9
            13: 2
            14: 5
            15: 0
            16: -21
            17: -20
            18: -20
            19: -22
            20: -22
            21: 3
            22: 1
            23: -22
            24: 0
            25: 6
            26: -14
            27: -14
            hEYlo!
            """.ReplaceLineEndings("\n"), kernel.Output);
        var client = kernel.Vfs.FindClient(task.Id);
        Assert.Null(client); // the client's state went with its task
    }
}

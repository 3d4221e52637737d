; filecopy.s: copies the file /data/in.txt to /data/out.txt through the vfs service, in blocks, holding
; both files open the whole time (the open files a checkpoint must carry), and prints its progress
; through the console service.
; Argument (r1 at _start): the block size in bytes; 0 means the default, 64 (at most 4096).
; Prints: "filecopy: <size> bytes in blocks of <n>", then "filecopy: copied <done> of <size>" after
; each block, then "filecopy: done, <done> bytes, checksum <c>" (c ← c·31 + byte over the bytes
; copied, mod 2^64); exit 0. "filecopy: cannot open <path>" (exit 1) or "filecopy: i/o error" (exit 2)
; when the vfs refuses; exit 3 when the console cannot be reached (no naming service).

.equ BUF_SIZE, 4096

_start:
    la r2, tls_block
    wrtls r2
    mov r8, r1
    cmp r8, 0
    bne block_set
    li r8, 64
block_set:
    cmp r8, BUF_SIZE
    bleu block_ok
    li r8, BUF_SIZE
block_ok:
    call con_open
    cmp r0, 0
    blt no_console
    la r1, in_path
    li r2, in_path_end - in_path
    li r3, O_READ
    call vfs_open
    cmp r0, 0
    blt fail_in
    mov r9, r0
    la r1, out_path
    li r2, out_path_end - out_path
    li r3, O_WRITE + O_CREATE + O_TRUNCATE
    call vfs_open
    cmp r0, 0
    blt fail_out
    mov r10, r0
    mov r1, r9
    call vfs_size
    mov r11, r0
    la r1, s_head
    call out_str
    mov r1, r11
    call out_num
    la r1, s_blocks
    call out_str
    mov r1, r8
    call out_num
    call con_end_line
    li r12, 0                           ; bytes copied
    li r13, 0                           ; checksum
copy:
    mov r1, r9
    la r2, buf
    mov r3, r8
    call vfs_read
    cmp r0, 0
    blt fail_io
    beq finished
    mov r14, r0
    la r4, buf
    li r5, 0
checksum:
    ldb r6, [r4]
    muli r13, r13, 31
    add r13, r13, r6
    addi r4, r4, 1
    addi r5, r5, 1
    cmp r5, r14
    bltu checksum
    mov r1, r10
    la r2, buf
    mov r3, r14
    call vfs_write
    cmp r0, r14
    bne fail_io
    add r12, r12, r14
    la r1, s_copied
    call out_str
    mov r1, r12
    call out_num
    la r1, s_of
    call out_str
    mov r1, r11
    call out_num
    call con_end_line
    jmp copy
finished:
    mov r1, r9
    call vfs_close
    mov r1, r10
    call vfs_close
    la r1, s_done
    call out_str
    mov r1, r12
    call out_num
    la r1, s_sum
    call out_str
    mov r1, r13
    call out_num
    call con_end_line
    li r1, 0
    li r0, SYS_TASK_EXIT
    syscall
fail_in:
    la r1, in_path_z
    jmp fail_open
fail_out:
    la r1, out_path_z
fail_open:
    push r1
    la r1, s_cannot
    call out_str
    pop r1
    call out_str
    call con_end_line
    li r1, 1
    li r0, SYS_TASK_EXIT
    syscall
fail_io:
    la r1, s_io
    call out_str
    call con_end_line
    li r1, 2
    li r0, SYS_TASK_EXIT
    syscall
no_console:
    li r1, 3
    li r0, SYS_TASK_EXIT
    syscall

.data
in_path: .ascii "/data/in.txt"
in_path_end:
out_path: .ascii "/data/out.txt"
out_path_end:
in_path_z: .asciz "/data/in.txt"
out_path_z: .asciz "/data/out.txt"
s_head: .asciz "filecopy: "
s_blocks: .asciz " bytes in blocks of "
s_copied: .asciz "filecopy: copied "
s_of: .asciz " of "
s_done: .asciz "filecopy: done, "
s_sum: .asciz " bytes, checksum "
s_cannot: .asciz "filecopy: cannot open "
s_io: .asciz "filecopy: i/o error"
.align 8
tls_block: .zero 128
buf: .zero BUF_SIZE

.include "lib/line_output.s"
.include "lib/console.s"
.include "lib/console_line.s"
.include "lib/vfs.s"
.include "lib/service_phone.s"

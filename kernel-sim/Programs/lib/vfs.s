; lib/vfs.s: files through the vfs service (.include "lib/vfs.s").
;
; The first call connects to the service registered as "vfs" through the naming service (phone 0,
; IPC_M_CONNECT_ME_TO) and keeps the phone in vfs_phone; every routine is one synchronous call. Paths
; are a buffer and a length (no NUL needed), absolute ("/a/b") or relative to the working directory.
; Results are as the service answers: a handle, a byte count, a position, 0, or a negative error
; (ENOENT, EINVAL, EEXIST, EFAULT, ENOMEM predefined; EBADF, ENOTDIR, EISDIR, EMFILE, EFBIG, ENOTEMPTY
; defined here). At most 4096 bytes move per vfs_read or vfs_write.
; Needs lib/service_phone.s (include it once in the program).
; Calling convention of ISA.md: arguments r1.., result r0, r8..r15 and sp preserved; each routine
; changes r0..r6 and uses 104 bytes of stack.

.data
.align 8
vfs_phone: .quad 0                      ; the phone to the vfs service (0 = not connected yet)
.text
.equ VFS_OPEN, 1200
.equ VFS_READ, 1201
.equ VFS_WRITE, 1202
.equ VFS_SEEK, 1203
.equ VFS_CLOSE, 1204
.equ VFS_CHDIR, 1205
.equ VFS_SIZE, 1206
.equ VFS_MKDIR, 1207
.equ O_READ, 1                          ; vfs_open modes (or them together)
.equ O_WRITE, 2
.equ O_APPEND, 4
.equ O_CREATE, 8
.equ O_TRUNCATE, 16
.equ EBADF, -9
.equ ENOTDIR, -20
.equ EISDIR, -21
.equ EMFILE, -24
.equ EFBIG, -27
.equ ENOTEMPTY, -39
.equ VFS_NAME, 'v' + 'f' * 0x100 + 's' * 0x10000

; vfs_open(r1 = path, r2 = length, r3 = mode) → handle.
vfs_open:
    mov r4, r3
    mov r3, r2
    mov r2, r1
    li r1, VFS_OPEN
    jmp vfs_call

; vfs_read(r1 = handle, r2 = buffer, r3 = length) → bytes read (0 at the end of the file).
vfs_read:
    mov r4, r3
    mov r3, r2
    mov r2, r1
    li r1, VFS_READ
    jmp vfs_call

; vfs_write(r1 = handle, r2 = buffer, r3 = length) → bytes written.
vfs_write:
    mov r4, r3
    mov r3, r2
    mov r2, r1
    li r1, VFS_WRITE
    jmp vfs_call

; vfs_seek(r1 = handle, r2 = position) → the position.
vfs_seek:
    mov r3, r2
    mov r2, r1
    li r1, VFS_SEEK
    jmp vfs_call

; vfs_close(r1 = handle) → 0.
vfs_close:
    mov r2, r1
    li r1, VFS_CLOSE
    jmp vfs_call

; vfs_size(r1 = handle) → the file's size in bytes.
vfs_size:
    mov r2, r1
    li r1, VFS_SIZE
    jmp vfs_call

; vfs_chdir(r1 = path, r2 = length) → 0.
vfs_chdir:
    mov r3, r2
    mov r2, r1
    li r1, VFS_CHDIR
    jmp vfs_call

; vfs_mkdir(r1 = path, r2 = length) → 0.
vfs_mkdir:
    mov r3, r2
    mov r2, r1
    li r1, VFS_MKDIR
    jmp vfs_call

; vfs_call(r1 = method, r2 = arg1, r3 = arg2, r4 = arg3) → the answer's return value, connecting first
; when vfs_phone is still 0 (a failed connect returns its error).
vfs_call:
    subi sp, sp, 48
    stq r1, [sp]
    stq r2, [sp+8]
    stq r3, [sp+16]
    stq r4, [sp+24]
    li r0, 0
    stq r0, [sp+32]
    stq r0, [sp+40]
    la r1, vfs_phone
    li r2, VFS_NAME
    call service_phone                  ; its 48 bytes go below the message
    cmp r0, 0
    blt vfs_call.done
    mov r1, r0
    mov r2, sp
    li r0, SYS_IPC_CALL_SYNC
    syscall
vfs_call.done:
    addi sp, sp, 48
    ret

; lib/shm.s: shared-memory channels of the shm service (.include "lib/shm.s").
;
; shm_attach connects to the service registered as "shm" through the naming service (phone 0,
; IPC_M_CONNECT_ME_TO) on first use, then asks for a channel with IPC_M_SHARE_IN: the channel's
; 16 KiB page store (created by the service on the first attach) is mapped into the task, read and
; write, and every task that attaches the same channel sees the same bytes.
; Needs lib/service_phone.s (include it once in the program).
; Calling convention of ISA.md: arguments r1.., result r0, r8..r15 and sp preserved; changes r0..r5
; and uses 56 bytes of stack.

.data
.align 8
shm_phone: .quad 0                      ; the phone to the shm service (0 = not connected yet)
.text
.equ SHM_CHANNEL_SIZE, 16384
.equ SHM_NAME, 's' + 'h' * 0x100 + 'm' * 0x10000

; shm_attach(r1 = channel, 0..255) → the base address of the mapped channel, or a negative error.
shm_attach:
    mov r4, r1
    la r1, shm_phone
    li r2, SHM_NAME
    call service_phone
    cmp r0, 0
    blt shm_attach.done
    mov r1, r0
    subi sp, sp, 48
    li r0, 4                            ; IPC_M_SHARE_IN
    stq r0, [sp]
    li r0, SHM_CHANNEL_SIZE
    stq r0, [sp+8]
    li r0, 3                            ; read and write
    stq r0, [sp+16]
    stq r4, [sp+24]
    li r0, 0
    stq r0, [sp+32]
    stq r0, [sp+40]
    mov r2, sp
    li r0, SYS_IPC_CALL_SYNC
    syscall
    addi sp, sp, 48
shm_attach.done:
    ret

; lib/console.s: the console service (.include "lib/console.s").
;
; con_open connects to the service registered as "console" through the naming service (phone 0,
; IPC_M_CONNECT_ME_TO); con_write and con_read are synchronous calls over that phone. Output lands
; in the kernel console log exactly as SYS_WRITE output does; input is the scenario's scripted input
; (`input "text"`), one byte per con_read, which blocks until a byte is there.
; Calling convention of ISA.md: arguments r1.., result r0, r8..r15 and sp preserved; each call uses
; 56 bytes of stack. lib/console_line.s writes lines built with lib/line_output.s through it.

.data
.align 8
con_phone: .quad 0                      ; the phone to the console service (0 = not connected yet)
.text
.equ CONSOLE_WRITE, 1100
.equ CONSOLE_READ, 1101
.equ CON_NAME, 'c' + 'o' * 0x100 + 'n' * 0x10000 + 's' * 0x1000000 + 'o' * 0x100000000 + 'l' * 0x10000000000 + 'e' * 0x1000000000000

; con_open() → the phone id (also kept in con_phone), or a negative error. Changes r0..r4.
con_open:
    li r1, 0                            ; phone 0: the naming service
    li r2, 3                            ; IPC_M_CONNECT_ME_TO
    li r3, CON_NAME
    li r4, 0
    call con_call
    cmp r0, 0
    blt con_open.done
    la r1, con_phone
    stq r0, [r1]
con_open.done:
    ret

; con_write(r1 = buffer, r2 = length) → bytes written (at most 4096 per call). Changes r0..r4.
con_write:
    mov r4, r2
    mov r3, r1
    li r2, CONSOLE_WRITE
    la r1, con_phone
    ldq r1, [r1]
    jmp con_call

; con_read() → the next input byte (blocks until there is one). Changes r0..r4.
con_read:
    li r4, 0
    li r3, 1
    li r2, CONSOLE_READ
    la r1, con_phone
    ldq r1, [r1]
    jmp con_call

; con_call(r1 = phone, r2 = method, r3 = arg1, r4 = arg2) → the answer's return value: one
; synchronous call with the message on the stack. Changes r0..r2.
con_call:
    subi sp, sp, 48
    stq r2, [sp]
    stq r3, [sp+8]
    stq r4, [sp+16]
    li r0, 0
    stq r0, [sp+24]
    stq r0, [sp+32]
    stq r0, [sp+40]
    mov r2, sp
    li r0, SYS_IPC_CALL_SYNC
    syscall
    addi sp, sp, 48
    ret

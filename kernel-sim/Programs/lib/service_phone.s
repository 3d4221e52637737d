; lib/service_phone.s: the phone to a service, connected on first use (.include "lib/service_phone.s").
;
; lib/vfs.s and lib/shm.s call it; a program including either includes this file once too (the
; assembler has no include-once). It connects through the naming service (phone 0,
; IPC_M_CONNECT_ME_TO, the name packed into a quad) and keeps the phone in the caller's cache word.
; Calling convention of ISA.md: arguments r1.., result r0, r4..r15 and sp preserved; changes r0..r3
; and uses 48 bytes of stack.

; service_phone(r1 = address of the cached phone (0 = not connected yet), r2 = packed service name)
; → the phone, or the connect's negative error (nothing cached then).
service_phone:
    ldq r0, [r1]
    cmp r0, 0
    bne service_phone.done
    mov r3, r1
    subi sp, sp, 48
    li r0, 3                            ; IPC_M_CONNECT_ME_TO
    stq r0, [sp]
    stq r2, [sp+8]
    li r0, 0
    stq r0, [sp+16]
    stq r0, [sp+24]
    stq r0, [sp+32]
    stq r0, [sp+40]
    mov r2, sp
    li r1, 0                            ; phone 0: the naming service
    li r0, SYS_IPC_CALL_SYNC
    syscall
    addi sp, sp, 48
    cmp r0, 0
    blt service_phone.done
    stq r0, [r3]
service_phone.done:
    ret

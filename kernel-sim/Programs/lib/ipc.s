; lib/ipc.s: IPC between user tasks (.include "lib/ipc.s"), thin wrappers over the IPC syscalls.
;
; A message (IPC_MSG_SIZE = 48 bytes) is a method (for an answer, its return value) and five
; arguments, six 64-bit words. ipc_wait fills an event (IPC_EVENT_SIZE = 64 bytes): the call id
; (receiver-side for a call, sender-side for an answer), the method or return value, five
; arguments, and the sender's task id (call) or the phone id the call went over (answer).
; Calling convention as in lib/line_output.s: arguments r1.., result r0, r8..r15 and sp preserved;
; every wrapper changes only r0.
; Naming goes through phone 0 (IPC_PHONE_NS), which every task is born with: ns_register, ns_connect.

.text
.equ IPC_MSG_SIZE, 48
.equ IPC_MSG_METHOD, 0          ; method of a call, return value of an answer
.equ IPC_MSG_RETVAL, 0
.equ IPC_MSG_ARG1, 8
.equ IPC_MSG_ARG2, 16
.equ IPC_MSG_ARG3, 24
.equ IPC_MSG_ARG4, 32
.equ IPC_MSG_ARG5, 40

.equ IPC_EVENT_SIZE, 64
.equ IPC_EV_ID, 0
.equ IPC_EV_METHOD, 8           ; method of a call, return value of an answer
.equ IPC_EV_RETVAL, 8
.equ IPC_EV_ARG1, 16
.equ IPC_EV_ARG2, 24
.equ IPC_EV_ARG3, 32
.equ IPC_EV_ARG4, 40
.equ IPC_EV_ARG5, 48
.equ IPC_EV_ORIGIN, 56          ; sender task id (call) or phone id (answer)

.equ IPC_EVENT_CALL, 1          ; ipc_wait results
.equ IPC_EVENT_ANSWER, 2
.equ IPC_WAIT_NONBLOCK, 1       ; ipc_wait flag
.equ IPC_M_PHONE_HUNGUP, 1      ; the kernel's call to a server whose client hung up (arg1 = the client's phone id)
.equ IPC_M_CONNECT_TO_ME, 2     ; register with the naming service (arg1 = packed name)
.equ IPC_M_CONNECT_ME_TO, 3     ; connect by name; a server accepts by answering 0
.equ IPC_M_SHARE_IN, 4          ; arg1 size, arg2 flags, arg3 what
.equ IPC_M_SHARE_OUT, 5         ; arg1 area base, arg2 size
.equ IPC_M_DATA_WRITE, 6        ; arg1 buffer, arg2 size
.equ IPC_M_DATA_READ, 7         ; arg1 buffer, arg2 size
.equ IPC_PHONE_NS, 0            ; every task's phone to the naming service
.equ IPC_FIRST_USER_METHOD, 1024

; ipc_call_async(r1 = phone, r2 = message) → sender-side call id; the answer comes through ipc_wait.
ipc_call_async:
    li r0, SYS_IPC_CALL_ASYNC
    syscall
    ret

; ipc_call_sync(r1 = phone, r2 = message) → the answer's return value; the answer replaces the message.
ipc_call_sync:
    li r0, SYS_IPC_CALL_SYNC
    syscall
    ret

; ipc_wait(r1 = event buffer, r2 = flags) → IPC_EVENT_CALL or IPC_EVENT_ANSWER (blocks unless IPC_WAIT_NONBLOCK).
ipc_wait:
    li r0, SYS_IPC_WAIT
    syscall
    ret

; ipc_answer(r1 = receiver-side call id, r2 = answer message) → 0.
ipc_answer:
    li r0, SYS_IPC_ANSWER
    syscall
    ret

; ipc_forward(r1 = receiver-side call id, r2 = phone, r3 = new method, r4 = new arg1) → 0.
ipc_forward:
    li r0, SYS_IPC_FORWARD
    syscall
    ret

; ipc_hangup(r1 = phone) → 0.
ipc_hangup:
    li r0, SYS_IPC_HANGUP
    syscall
    ret

; ipc_data_finalize(r1 = receiver-side id of a data-write/data-read call, r2 = own buffer, r3 = size ≤ offered)
; → bytes copied. Blocks while the kernel copies 256 bytes per tick; the call is answered with the count.
ipc_data_finalize:
    li r0, SYS_IPC_DATA_FINALIZE
    syscall
    ret

; ipc_share_finalize(r1 = receiver-side id of a share call, r2 = base, r3 = flags) → share-out: the base the
; client's area is mapped at here (r2 = desired base or 0); share-in: 0 (r2 = the area to lend).
ipc_share_finalize:
    li r0, SYS_IPC_SHARE_FINALIZE
    syscall
    ret

; ipc_call_sync_args(r1 = phone, r2 = method, r3 = arg1, r4 = arg2, r5 = arg3) → the answer's return value.
; A synchronous call whose message (arg4 = arg5 = 0) lives on the stack; the answer's arguments are dropped.
ipc_call_sync_args:
    subi sp, sp, IPC_MSG_SIZE
    stq r2, [sp+IPC_MSG_METHOD]
    stq r3, [sp+IPC_MSG_ARG1]
    stq r4, [sp+IPC_MSG_ARG2]
    stq r5, [sp+IPC_MSG_ARG3]
    li r0, 0
    stq r0, [sp+IPC_MSG_ARG4]
    stq r0, [sp+IPC_MSG_ARG5]
    push r2
    addi r2, sp, 8              ; the message, above the saved r2
    li r0, SYS_IPC_CALL_SYNC
    syscall
    pop r2
    addi sp, sp, IPC_MSG_SIZE
    ret

; ipc_call_sync_method(r1 = phone, r2 = method, r3 = arg1, r4 = arg2) → return value; arg3 = 0.
ipc_call_sync_method:
    push r5
    li r5, 0
    call ipc_call_sync_args
    pop r5
    ret

; ipc_data_write(r1 = phone, r2 = buffer, r3 = size) → bytes the receiver took (IPC_M_DATA_WRITE, synchronous).
ipc_data_write:
    push r2
    push r3
    push r4
    mov r4, r3
    mov r3, r2
    li r2, IPC_M_DATA_WRITE
    call ipc_call_sync_method
    pop r4
    pop r3
    pop r2
    ret

; ipc_data_read(r1 = phone, r2 = buffer, r3 = size) → bytes the receiver gave (IPC_M_DATA_READ, synchronous).
ipc_data_read:
    push r2
    push r3
    push r4
    mov r4, r3
    mov r3, r2
    li r2, IPC_M_DATA_READ
    call ipc_call_sync_method
    pop r4
    pop r3
    pop r2
    ret

; ipc_share_out(r1 = phone, r2 = base of an own heap area, r3 = size) → 0 once the receiver mapped it.
ipc_share_out:
    push r2
    push r3
    push r4
    mov r4, r3
    mov r3, r2
    li r2, IPC_M_SHARE_OUT
    call ipc_call_sync_method
    pop r4
    pop r3
    pop r2
    ret

; ipc_share_in(r1 = phone, r2 = size, r3 = flags, r4 = what (service-defined: NS_TIME, a channel)) → the base
; the receiver's memory is mapped at here.
ipc_share_in:
    push r2
    push r3
    push r4
    push r5
    mov r5, r4
    mov r4, r3
    mov r3, r2
    li r2, IPC_M_SHARE_IN
    call ipc_call_sync_args
    pop r5
    pop r4
    pop r3
    pop r2
    ret

; ns_register(r1 = name packed into a quad, up to 8 ASCII bytes little-endian) → 0, EEXIST when taken.
; IPC_M_CONNECT_TO_ME over phone 0: the naming service gets a callback phone to this task's answerbox.
ns_register:
    push r1
    push r2
    push r3
    push r4
    mov r3, r1
    li r1, IPC_PHONE_NS
    li r2, IPC_M_CONNECT_TO_ME
    li r4, 0
    call ipc_call_sync_method
    pop r4
    pop r3
    pop r2
    pop r1
    ret

; ns_connect(r1 = packed name) → a new phone id. IPC_M_CONNECT_ME_TO over phone 0: blocks until a task has
; registered the name and accepted the connection (the server sees a call with method IPC_M_CONNECT_ME_TO
; and answers 0); never polls.
ns_connect:
    push r1
    push r2
    push r3
    push r4
    mov r3, r1
    li r1, IPC_PHONE_NS
    li r2, IPC_M_CONNECT_ME_TO
    li r4, 0
    call ipc_call_sync_method
    pop r4
    pop r3
    pop r2
    pop r1
    ret

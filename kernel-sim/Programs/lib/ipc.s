; lib/ipc.s: IPC between user tasks (.include "lib/ipc.s"), thin wrappers over the IPC syscalls.
;
; A message (IPC_MSG_SIZE = 48 bytes) is a method (for an answer, its return value) and five
; arguments, six 64-bit words. ipc_wait fills an event (IPC_EVENT_SIZE = 64 bytes): the call id
; (receiver-side for a call, sender-side for an answer), the method or return value, five
; arguments, and the sender's task id (call) or the phone id the call went over (answer).
; Calling convention as in lib/line_output.s: arguments r1.., result r0, r8..r15 and sp preserved;
; every wrapper changes only r0.
; ipc_register and ipc_connect are the kernel's stand-in for the naming service (see ISA.md).

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

; ipc_register(r1 = name, r2 = length) → 0, EEXIST when the name is taken.
ipc_register:
    li r0, SYS_IPC_REGISTER
    syscall
    ret

; ipc_connect(r1 = name, r2 = length) → phone id, ENOENT when no task registered the name.
ipc_connect:
    li r0, SYS_IPC_CONNECT
    syscall
    ret

; ipc_connect_wait(r1 = name, r2 = length) → phone id: like ipc_connect, but while the name is not
; registered yet it sleeps a tick and tries again (a client started before its server).
ipc_connect_wait:
    li r0, SYS_IPC_CONNECT
    syscall
    cmp r0, ENOENT
    bne ipc_connect_wait.done
    push r1
    push r2
    li r1, 1
    li r0, SYS_SLEEP
    syscall
    pop r2
    pop r1
    jmp ipc_connect_wait
ipc_connect_wait.done:
    ret

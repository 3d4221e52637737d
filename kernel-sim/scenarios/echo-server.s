; echo-server.s: the server half of the IPC sample pair (kernel-sim/scenarios/ipc-echo.scn).
;
; Registers "echo" with the naming service, connects to itself by name (asynchronously, so it can
; accept its own connection), then serves calls until its client hangs up. A connection request
; (IPC_M_CONNECT_ME_TO, forwarded by the naming service) is accepted by answering 0. A call with
; method ECHO is answered with return value 0 and the arguments (arg1, arg1 + arg2, calls served so
; far); a call with method DOUBLE is forwarded back to the server itself as ECHO with arg1 doubled,
; so its answer goes straight to the client from the second round. Prints one line per connection
; and per call, then "echo-server: client hung up after <n> calls" and exits 0. The argument is not used.

.equ ECHO, IPC_FIRST_USER_METHOD
.equ DOUBLE, IPC_FIRST_USER_METHOD + 1
.equ ECHO_NAME, 'e' + 'c' * 0x100 + 'h' * 0x10000 + 'o' * 0x1000000   ; "echo", packed for the naming service

.data
.align 8
tls_block:  .zero 128
event:      .zero IPC_EVENT_SIZE
answer:     .zero IPC_MSG_SIZE
connect:    .quad IPC_M_CONNECT_ME_TO, ECHO_NAME, 0, 0, 0, 0
s_registered: .asciz "echo-server: registered 'echo'"
s_call:     .asciz "echo-server: call "
s_from:     .asciz " from task "
s_echo:     .asciz ": echo "
s_double:   .asciz ": double "
s_connection: .asciz "echo-server: connection request "
s_self:     .asciz "echo-server: connected to itself, phone "
s_hungup:   .asciz "echo-server: client hung up after "
s_calls:    .asciz " calls"
s_fail:     .asciz "echo-server: ipc failed"

.text
_start:
    la r1, tls_block
    wrtls r1
    li r1, ECHO_NAME
    call ns_register
    cmp r0, 0
    bne fail
    la r1, s_registered
    call out_str
    call end_line
    li r1, IPC_PHONE_NS         ; connect to itself by name; the answer (the phone) arrives through ipc_wait
    la r2, connect
    call ipc_call_async
    cmp r0, 0
    ble fail
    li r8, 0                    ; calls served
    li r12, 0                   ; the server's own phone to itself, for forwarding DOUBLE
serve:
    la r1, event
    li r2, 0
    call ipc_wait
    la r9, event
    cmp r0, IPC_EVENT_ANSWER
    beq connected
    cmp r0, IPC_EVENT_CALL
    bne fail
    ldq r10, [r9+IPC_EV_METHOD]
    cmp r10, IPC_M_PHONE_HUNGUP
    beq hung_up
    cmp r10, IPC_M_CONNECT_ME_TO
    beq accept
    cmp r10, DOUBLE
    beq double
    cmp r10, ECHO
    bne fail
    addi r8, r8, 1
    la r1, s_echo
    call print_call
    la r11, answer              ; answer (0, arg1, arg1 + arg2, served)
    li r1, 0
    stq r1, [r11+IPC_MSG_RETVAL]
    ldq r1, [r9+IPC_EV_ARG1]
    stq r1, [r11+IPC_MSG_ARG1]
    ldq r2, [r9+IPC_EV_ARG2]
    add r1, r1, r2
    stq r1, [r11+IPC_MSG_ARG2]
    stq r8, [r11+IPC_MSG_ARG3]
    ldq r1, [r9+IPC_EV_ID]
    mov r2, r11
    call ipc_answer
    cmp r0, 0
    bne fail
    jmp serve

connected:                      ; the answer to the self-connection: its return value is the new phone
    ldq r12, [r9+IPC_EV_RETVAL]
    cmp r12, 0
    ble fail
    la r1, s_self
    call out_str
    mov r1, r12
    call out_num
    call end_line
    jmp serve

accept:                         ; a connection request: answer 0 and the kernel gives the requester a phone
    la r1, s_connection         ; "echo-server: connection request <id> from task <t>"
    call out_str
    ldq r1, [r9+IPC_EV_ID]
    call out_num
    la r1, s_from
    call out_str
    ldq r1, [r9+IPC_EV_ORIGIN]
    call out_num
    call end_line
    ldq r1, [r9+IPC_EV_ID]
    la r2, answer
    li r3, 0
    stq r3, [r2+IPC_MSG_RETVAL]
    call ipc_answer
    cmp r0, 0
    bne fail
    jmp serve

double:
    la r1, s_double
    call print_call
    cmp r12, 0
    beq fail
    ldq r1, [r9+IPC_EV_ID]
    mov r2, r12
    li r3, ECHO
    ldq r4, [r9+IPC_EV_ARG1]
    add r4, r4, r4
    call ipc_forward
    cmp r0, 0
    bne fail
    jmp serve

hung_up:
    ldq r1, [r9+IPC_EV_ID]      ; the kernel's notice is a call like any other: answer it
    la r2, answer
    li r3, 0
    stq r3, [r2+IPC_MSG_RETVAL]
    call ipc_answer
    la r1, s_hungup
    call out_str
    mov r1, r8
    call out_num
    la r1, s_calls
    call out_str
    call end_line
    cmp r12, 0
    beq exit
    mov r1, r12
    call ipc_hangup
exit:
    li r1, 0
    li r0, SYS_TASK_EXIT
    syscall

; print_call(r1 = ": echo " or ": double "): "echo-server: call <id> from task <t><r1><arg1>" for
; the event at r9, and the line.
print_call:
    push r1
    la r1, s_call
    call out_str
    ldq r1, [r9+IPC_EV_ID]
    call out_num
    la r1, s_from
    call out_str
    ldq r1, [r9+IPC_EV_ORIGIN]
    call out_num
    pop r1
    call out_str
    ldq r1, [r9+IPC_EV_ARG1]
    call out_num
    jmp end_line

fail:
    la r1, s_fail
    li r2, 1
    jmp exit_with_line

.include "lib/ipc.s"
.include "lib/line_end.s"
.include "lib/line_output.s"

; pingpong-server.s: the server of a client/server pair of user programs (pingpong-client.s).
;
; Registers "pong" with the naming service, connects to itself by name (asynchronously, so it can
; accept its own connection), then serves until its client hangs up: a connection request is
; accepted (answer 0); PING n is answered with n + 1; RELAY n is forwarded to itself as PING 10·n,
; so its answer goes straight back to the client; a DATA_WRITE is finalized into a 64 KiB buffer
; (the kernel copies it 256 bytes per tick) and the server prints the byte count and the wrapping
; sum of the quads it got. Prints one line per event, then "pong-server: client hung up"; exit 0.
; Argument (r1 at _start): not used.

.equ PING, IPC_FIRST_USER_METHOD
.equ RELAY, IPC_FIRST_USER_METHOD + 1
.equ PONG_NAME, 'p' + 'o' * 0x100 + 'n' * 0x10000 + 'g' * 0x1000000   ; "pong", packed for the naming service
.equ BUF_SIZE, 65536

.data
.align 8
tls_block:  .zero 128
event:      .zero IPC_EVENT_SIZE
answer:     .zero IPC_MSG_SIZE
connect:    .quad IPC_M_CONNECT_ME_TO, PONG_NAME, 0, 0, 0, 0
s_registered: .asciz "pong-server: registered 'pong'"
s_conn:     .asciz "pong-server: connection from task "
s_self:     .asciz "pong-server: connected to itself, phone "
s_ping:     .asciz "pong-server: ping "
s_relay:    .asciz "pong-server: relay "
s_data:     .asciz "pong-server: received "
s_checksum: .asciz " bytes, checksum "
s_bye:      .asciz "pong-server: client hung up"
s_fail:     .asciz "pong-server: ipc failed"

.text
_start:
    la r1, tls_block
    wrtls r1
    li r1, BUF_SIZE
    li r2, AREA_READ + AREA_WRITE
    li r0, SYS_AREA_CREATE
    syscall
    cmp r0, 0
    ble fail
    mov r13, r0                 ; the receive buffer
    li r1, PONG_NAME
    call ns_register
    cmp r0, 0
    bne fail
    la r1, s_registered
    call out_str
    call end_line
    li r1, IPC_PHONE_NS         ; connect to itself; the answer (the phone) arrives through ipc_wait
    la r2, connect
    call ipc_call_async
    cmp r0, 0
    ble fail
    li r12, 0                   ; the phone to itself
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
    cmp r10, IPC_M_DATA_WRITE
    beq data
    cmp r10, RELAY
    beq relay
    cmp r10, PING
    bne fail
    la r1, s_ping               ; "pong-server: ping <n>", answered with n + 1
    call out_str
    ldq r1, [r9+IPC_EV_ARG1]
    call out_num
    call end_line
    ldq r1, [r9+IPC_EV_ARG1]
    addi r1, r1, 1
    li r2, 0
    call answer_with
    jmp serve

connected:                      ; the answer to the self-connection: its return value is the phone
    ldq r12, [r9+IPC_EV_RETVAL]
    cmp r12, 0
    ble fail
    la r1, s_self
    call out_str
    mov r1, r12
    call out_num
    call end_line
    jmp serve

accept:                         ; "pong-server: connection from task <t>", accepted with 0
    la r1, s_conn
    call out_str
    ldq r1, [r9+IPC_EV_ORIGIN]
    call out_num
    call end_line
    li r1, 0
    li r2, 0
    call answer_with
    jmp serve

relay:                          ; forwarded to itself as PING 10·n
    la r1, s_relay
    call out_str
    ldq r1, [r9+IPC_EV_ARG1]
    call out_num
    call end_line
    cmp r12, 0
    beq fail
    ldq r1, [r9+IPC_EV_ID]
    mov r2, r12
    li r3, PING
    ldq r4, [r9+IPC_EV_ARG1]
    muli r4, r4, 10
    call ipc_forward
    cmp r0, 0
    bne fail
    jmp serve

data:                           ; finalize into the buffer, then "received <n> bytes, checksum <sum of quads>"
    ldq r1, [r9+IPC_EV_ID]
    mov r2, r13
    ldq r3, [r9+IPC_EV_ARG2]
    cmp r3, BUF_SIZE
    bgtu fail
    call ipc_data_finalize
    cmp r0, 0
    blt fail
    mov r14, r0
    li r1, 0
    mov r2, r13
    add r3, r13, r14
data.sum:
    cmp r2, r3
    bgeu data.done
    ldq r4, [r2]
    add r1, r1, r4
    addi r2, r2, 8
    jmp data.sum
data.done:
    mov r15, r1
    la r1, s_data
    call out_str
    mov r1, r14
    call out_num
    la r1, s_checksum
    call out_str
    mov r1, r15
    call out_num
    call end_line
    jmp serve

hung_up:
    li r1, 0                    ; the kernel's notice is a call like any other: answer it
    li r2, 0
    call answer_with
    la r1, s_bye
    call out_str
    call end_line
    mov r1, r12
    call ipc_hangup
    li r1, 0
    li r0, SYS_TASK_EXIT
    syscall

; answer_with(r1 = arg1, r2 = return value): answers the call of the event at r9.
answer_with:
    la r3, answer
    stq r2, [r3+IPC_MSG_RETVAL]
    stq r1, [r3+IPC_MSG_ARG1]
    ldq r1, [r9+IPC_EV_ID]
    mov r2, r3
    call ipc_answer
    cmp r0, 0
    bne fail
    ret

fail:
    la r1, s_fail
    li r2, 1
    jmp exit_with_line

.include "lib/ipc.s"
.include "lib/line_end.s"
.include "lib/line_output.s"

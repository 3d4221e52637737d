; pingpong-client.s: the client of a client/server pair of user programs (pingpong-server.s).
;
; Connects to "pong" by name (ns_connect waits until the server has registered and accepted), makes
; three synchronous PINGs (1, 2, 3), one synchronous RELAY 4 that the server forwards to itself
; (answered 41), two async PINGs (100, 200) whose answers it fetches with ipc_wait, then writes a
; 40 KiB buffer (quad i = i·i + 7) with one IPC_M_DATA_WRITE, which the kernel copies 256 bytes per
; tick (160 ticks), and prints the byte count and the wrapping sum of the quads it sent. Hangs up;
; exit 0.
; Argument (r1 at _start): not used.

.equ PING, IPC_FIRST_USER_METHOD
.equ RELAY, IPC_FIRST_USER_METHOD + 1
.equ PONG_NAME, 'p' + 'o' * 0x100 + 'n' * 0x10000 + 'g' * 0x1000000   ; "pong", packed for the naming service
.equ DATA_SIZE, 40960

.data
.align 8
tls_block:  .zero 128
event:      .zero IPC_EVENT_SIZE
msg:        .zero IPC_MSG_SIZE
s_connected: .asciz "ping-client: connected, phone "
s_ping:     .asciz "ping-client: ping "
s_relay:    .asciz "ping-client: relay "
s_arrow:    .asciz " -> "
s_sent:     .asciz "ping-client: async pings sent as calls "
s_and:      .asciz " and "
s_answer:   .asciz "ping-client: answer to call "
s_colon:    .asciz ": "
s_wrote:    .asciz "ping-client: wrote "
s_checksum: .asciz " bytes, checksum "
s_done:     .asciz "ping-client: done"
s_fail:     .asciz "ping-client: ipc failed"

.text
_start:
    la r1, tls_block
    wrtls r1
    li r1, PONG_NAME
    call ns_connect
    cmp r0, 0
    ble fail
    mov r8, r0                  ; the phone
    la r1, s_connected
    call out_str
    mov r1, r8
    call out_num
    call end_line

    li r9, 1
ping_loop:                      ; "ping-client: ping <i> -> <i + 1>"
    li r1, PING
    mov r2, r9
    call call_sync
    la r1, s_ping
    mov r2, r9
    call print_pair
    addi r9, r9, 1
    cmp r9, 4
    bne ping_loop

    li r1, RELAY                ; forwarded by the server as PING 40
    li r2, 4
    call call_sync
    la r1, s_relay
    li r2, 4
    call print_pair

    li r1, 100                  ; two async pings
    call ping_async
    mov r12, r0
    li r1, 200
    call ping_async
    mov r13, r0
    la r1, s_sent
    call out_str
    mov r1, r12
    call out_num
    la r1, s_and
    call out_str
    mov r1, r13
    call out_num
    call end_line
    li r9, 0
fetch:                          ; "ping-client: answer to call <id>: <arg1>"
    la r1, event
    li r2, 0
    call ipc_wait
    cmp r0, IPC_EVENT_ANSWER
    bne fail
    la r14, event
    la r1, s_answer
    call out_str
    ldq r1, [r14+IPC_EV_ID]
    call out_num
    la r1, s_colon
    call out_str
    ldq r1, [r14+IPC_EV_ARG1]
    call out_num
    call end_line
    addi r9, r9, 1
    cmp r9, 2
    bne fetch

    li r1, DATA_SIZE            ; the buffer: quad i = i·i + 7, summed into r11
    li r2, AREA_READ + AREA_WRITE
    li r0, SYS_AREA_CREATE
    syscall
    cmp r0, 0
    ble fail
    mov r10, r0
    li r11, 0
    li r9, 0
fill:
    mul r1, r9, r9
    addi r1, r1, 7
    add r11, r11, r1
    shli r2, r9, 3
    add r2, r2, r10
    stq r1, [r2]
    addi r9, r9, 1
    cmp r9, DATA_SIZE / 8
    bne fill
    mov r1, r8
    mov r2, r10
    li r3, DATA_SIZE
    call ipc_data_write
    cmp r0, 0
    blt fail
    mov r12, r0
    la r1, s_wrote
    call out_str
    mov r1, r12
    call out_num
    la r1, s_checksum
    call out_str
    mov r1, r11
    call out_num
    call end_line

    mov r1, r8
    call ipc_hangup
    cmp r0, 0
    bne fail
    la r1, s_done
    li r2, 0
    jmp exit_with_line

; call_sync(r1 = method, r2 = arg1): a synchronous call over r8 from msg; the answer replaces msg.
call_sync:
    la r3, msg
    stq r1, [r3+IPC_MSG_METHOD]
    stq r2, [r3+IPC_MSG_ARG1]
    mov r1, r8
    mov r2, r3
    call ipc_call_sync
    cmp r0, 0
    bne fail
    ret

; ping_async(r1 = n) → sender-side call id of an async PING n over r8.
ping_async:
    la r3, msg
    stq r1, [r3+IPC_MSG_ARG1]
    li r1, PING
    stq r1, [r3+IPC_MSG_METHOD]
    mov r1, r8
    mov r2, r3
    call ipc_call_async
    cmp r0, 0
    ble fail
    ret

; print_pair(r1 = prefix, r2 = what was sent): "<prefix><r2> -> <answer arg1>" and the line.
print_pair:
    push r2
    call out_str
    pop r1
    call out_num
    la r1, s_arrow
    call out_str
    la r1, msg
    ldq r1, [r1+IPC_MSG_ARG1]
    call out_num
    jmp end_line

fail:
    la r1, s_fail
    li r2, 1
    jmp exit_with_line

.include "lib/ipc.s"
.include "lib/line_end.s"
.include "lib/line_output.s"

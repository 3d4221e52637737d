; echo-client.s: the client half of the IPC sample pair (kernel-sim/scenarios/ipc-echo.scn).
;
; Connects to "echo" through the naming service (ns_connect blocks until the server has registered
; the name and accepted), makes three
; synchronous ECHO calls with arguments (10·i, i), one synchronous DOUBLE call that the server
; forwards, then two async ECHO calls and fetches both answers with ipc_wait. Then it hangs up and
; shows that a call over the hung-up phone fails with EHANGUP. Prints one line per answer; exits 0.
; The argument is not used.

.equ ECHO, IPC_FIRST_USER_METHOD
.equ DOUBLE, IPC_FIRST_USER_METHOD + 1
.equ ECHO_NAME, 'e' + 'c' * 0x100 + 'h' * 0x10000 + 'o' * 0x1000000   ; "echo", packed for the naming service

.data
.align 8
tls_block:  .zero 128
event:      .zero IPC_EVENT_SIZE
msg:        .zero IPC_MSG_SIZE
s_connected: .asciz "echo-client: connected, phone "
s_sync:     .asciz "echo-client: sync "
s_double:   .asciz "echo-client: double 21 -> "
s_retval:   .asciz ": retval "
s_echo:     .asciz ", echo "
s_sum:      .asciz ", sum "
s_served:   .asciz ", served "
s_sent:     .asciz "echo-client: async calls "
s_and:      .asciz " and "
s_sent2:    .asciz " sent"
s_answer:   .asciz "echo-client: answer to call "
s_hangup:   .asciz "echo-client: hung up; a further call fails with EHANGUP"
s_fail:     .asciz "echo-client: ipc failed"

.text
_start:
    la r1, tls_block
    wrtls r1
    li r1, ECHO_NAME
    call ns_connect
    cmp r0, 0
    ble fail
    mov r8, r0                  ; the phone
    la r1, s_connected
    call out_str
    mov r1, r8
    call out_num
    call end_line

    la r10, msg
    li r9, 1
sync_call:                      ; ECHO (10·i, i), i = 1..3
    li r1, ECHO
    muli r2, r9, 10
    mov r3, r9
    call call_sync
    la r1, s_sync
    call out_str
    mov r1, r9
    call out_num
    call print_answer
    addi r9, r9, 1
    cmp r9, 4
    bne sync_call

    li r1, DOUBLE               ; forwarded by the server as ECHO (42, 0)
    li r2, 21
    li r3, 0
    call call_sync
    la r1, s_double
    call out_str
    ldq r1, [r10+IPC_MSG_ARG1]
    call out_num
    call print_answer

    li r1, 100                  ; two async calls: ECHO (100, 1) and ECHO (200, 2)
    li r2, 1
    call call_echo_async
    mov r12, r0
    li r1, 200
    li r2, 2
    call call_echo_async
    mov r13, r0
    la r1, s_sent
    call out_str
    mov r1, r12
    call out_num
    la r1, s_and
    call out_str
    mov r1, r13
    call out_num
    la r1, s_sent2
    call out_str
    call end_line

    li r9, 0
fetch_answer:                   ; "echo-client: answer to call <id>: retval 0, echo <a>, sum <s>, served <n>"
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
    ldq r11, [r14+IPC_EV_RETVAL]
    mov r15, r10                ; print_answer reads the message layout: copy the event's words
    addi r10, r14, IPC_EV_METHOD
    call print_answer
    mov r10, r15
    addi r9, r9, 1
    cmp r9, 2
    bne fetch_answer

    mov r1, r8
    call ipc_hangup
    cmp r0, 0
    bne fail
    mov r1, r8
    mov r2, r10
    call ipc_call_async
    cmp r0, EHANGUP
    bne fail
    la r1, s_hangup
    li r2, 0
    jmp exit_with_line

; fill_message(r1 = method, r2 = arg1, r3 = arg2): the message at r10, for a call over the phone r8.
fill_message:
    stq r1, [r10+IPC_MSG_METHOD]
    stq r2, [r10+IPC_MSG_ARG1]
    stq r3, [r10+IPC_MSG_ARG2]
    ret

; call_sync(r1 = method, r2 = arg1, r3 = arg2): a synchronous call over r8; the answer replaces the
; message at r10 and its return value goes to r11.
call_sync:
    call fill_message
    mov r1, r8
    mov r2, r10
    call ipc_call_sync
    mov r11, r0
    ret

; call_echo_async(r1 = arg1, r2 = arg2) → sender-side call id: an async ECHO over r8 from the message
; at r10; a call the kernel refuses ends the task through fail.
call_echo_async:
    mov r3, r2
    mov r2, r1
    li r1, ECHO
    call fill_message
    mov r1, r8
    mov r2, r10
    call ipc_call_async
    cmp r0, 0
    ble fail
    ret

; print_answer(r11 = return value, r10 = answer message): ": retval <r>, echo <a1>, sum <a2>, served <a3>" and the line.
print_answer:
    la r1, s_retval
    call out_str
    mov r1, r11
    call out_num
    la r1, s_echo
    call out_str
    ldq r1, [r10+IPC_MSG_ARG1]
    call out_num
    la r1, s_sum
    call out_str
    ldq r1, [r10+IPC_MSG_ARG2]
    call out_num
    la r1, s_served
    call out_str
    ldq r1, [r10+IPC_MSG_ARG3]
    call out_num
    jmp end_line

fail:
    la r1, s_fail
    li r2, 1
    jmp exit_with_line

.include "lib/ipc.s"
.include "lib/line_end.s"
.include "lib/line_output.s"

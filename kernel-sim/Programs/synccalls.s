; synccalls.s: many synchronous calls. The main thread registers "calc" and serves; three worker
; threads of the same task each connect to "calc" by name (their own phone each) and make 20
; synchronous ADD calls (arguments 100·w + 1 .. 100·w + 20), each answered with twice its argument.
; Each worker prints "synccalls worker <w>: 20 calls, sum of answers <s>" and reports DONE with one
; more synchronous call; when all three did, the server prints "synccalls: served 60 calls, total
; <t>" (t = the sum of all ADD arguments) and the task exits 0. Every worker blocks in ipc_call_sync
; for most of its life: checkpoints of it restart the syscall and never send a call twice.
; Argument (r1 at _start): not used.

.equ ADD, IPC_FIRST_USER_METHOD
.equ DONE, IPC_FIRST_USER_METHOD + 1
.equ WORKERS, 3
.equ CALLS, 20
.equ CALC_NAME, 'c' + 'a' * 0x100 + 'l' * 0x10000 + 'c' * 0x1000000   ; "calc", packed for the naming service

.data
.align 8
tls_blocks: .zero 128 * (WORKERS + 1)
event:      .zero IPC_EVENT_SIZE
answer:     .zero IPC_MSG_SIZE
messages:   .zero IPC_MSG_SIZE * WORKERS
s_header:   .asciz "synccalls: 3 worker threads x 20 synchronous calls to the main thread"
s_worker:   .asciz "synccalls worker "
s_sum:      .asciz ": 20 calls, sum of answers "
s_served:   .asciz "synccalls: served "
s_total:    .asciz " calls, total "
s_fail:     .asciz "synccalls: ipc failed"

.text
_start:
    la r1, tls_blocks
    wrtls r1
    li r1, CALC_NAME
    call ns_register
    cmp r0, 0
    bne fail
    la r1, s_header
    call out_str
    call end_line
    li r8, 1
spawn:                          ; workers 1..3, each with its index as argument
    la r1, worker
    mov r2, r8
    li r0, SYS_THREAD_CREATE
    syscall
    cmp r0, 0
    ble fail
    addi r8, r8, 1
    cmp r8, WORKERS + 1
    bne spawn
    li r10, 0                   ; ADD calls served
    li r11, 0                   ; sum of their arguments
    li r12, 0                   ; workers done
serve:
    la r1, event
    li r2, 0
    call ipc_wait
    cmp r0, IPC_EVENT_CALL
    bne fail
    la r9, event
    ldq r1, [r9+IPC_EV_METHOD]
    cmp r1, IPC_M_CONNECT_ME_TO
    beq accept
    cmp r1, DONE
    beq done
    cmp r1, ADD
    bne fail
    addi r10, r10, 1
    ldq r1, [r9+IPC_EV_ARG1]
    add r11, r11, r1
    add r1, r1, r1
    call answer_with
    jmp serve

accept:                         ; a worker's connection: accepted with 0
    li r1, 0
    call answer_with
    jmp serve

done:
    addi r12, r12, 1
    cmp r12, WORKERS
    beq finish
    li r1, 0
    call answer_with
    jmp serve

finish:                         ; the last worker's DONE stays unanswered: the task ends here
    la r1, s_served
    call out_str
    mov r1, r10
    call out_num
    la r1, s_total
    call out_str
    mov r1, r11
    call out_num
    call end_line
    li r1, 0
    li r0, SYS_TASK_EXIT
    syscall

; answer_with(r1 = arg1): answers the call of the event at r9 with return value 0.
answer_with:
    la r3, answer
    stq r1, [r3+IPC_MSG_ARG1]
    li r1, 0
    stq r1, [r3+IPC_MSG_RETVAL]
    ldq r1, [r9+IPC_EV_ID]
    mov r2, r3
    call ipc_answer
    cmp r0, 0
    bne fail
    ret

; worker(r1 = index w): its own TLS block, phone and message; 20 ADD calls, the line, DONE, thread exit.
worker:
    mov r8, r1
    la r2, tls_blocks
    muli r3, r8, 128
    add r2, r2, r3
    wrtls r2
    li r1, CALC_NAME
    call ns_connect
    cmp r0, 0
    ble fail
    mov r9, r0                  ; the worker's phone
    la r10, messages
    subi r3, r8, 1
    muli r3, r3, IPC_MSG_SIZE
    add r10, r10, r3            ; the worker's message
    li r13, 0                   ; sum of the answers
    li r12, 1
worker.call:
    li r1, ADD
    stq r1, [r10+IPC_MSG_METHOD]
    muli r1, r8, 100
    add r1, r1, r12
    stq r1, [r10+IPC_MSG_ARG1]
    mov r1, r9
    mov r2, r10
    call ipc_call_sync
    cmp r0, 0
    bne fail
    ldq r1, [r10+IPC_MSG_ARG1]
    add r13, r13, r1
    addi r12, r12, 1
    cmp r12, CALLS + 1
    bne worker.call
    la r1, s_worker
    call out_str
    mov r1, r8
    call out_num
    la r1, s_sum
    call out_str
    mov r1, r13
    call out_num
    call end_line
    li r1, DONE
    stq r1, [r10+IPC_MSG_METHOD]
    mov r1, r9
    mov r2, r10
    call ipc_call_sync
    li r0, SYS_THREAD_EXIT
    syscall

fail:
    la r1, s_fail
    li r2, 1
    jmp exit_with_line

.include "lib/ipc.s"
.include "lib/line_end.s"
.include "lib/line_output.s"

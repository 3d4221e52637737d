; sleeper.s: three threads sleep for different numbers of ticks and report each wake-up.
;
; Argument (r1 at _start): R, the rounds each sleeper makes; 0 means the default, 4.
; The main thread starts 3 sleeper threads (SYS_THREAD_CREATE, argument = the thread's TLS
; block in .data) and waits on a futex until all have finished. Sleeper i (0, 1, 2) sleeps
; 3 + 2i ticks (3, 5, 7) per round with SYS_SLEEP, prints a line, and yields (SYS_YIELD)
; after every even-numbered round. Output lines:
;     "sleeper: 3 threads x <R> rounds\n"                   (main, first)
;     "sleeper <tid>: wake <n>\n"                           (each sleeper, n = 1..R in order)
;     "sleeper <tid>: done after <total ticks slept>\n"     (each sleeper, after its last wake)
;     "sleeper: all done\n"                                 (main, last)
; and exits with code 0. Which sleeper's line comes first depends on the scheduler's clock,
; each sleeper's own lines are always in this order.
; Cost at the default: about 5,000 instructions (most of the run is spent asleep).

.equ DEFAULT_ROUNDS, 4
.equ SLEEPERS, 3
.equ TLS_SIZE, 192

; A thread's TLS block: the output line (TLS_LEN, TLS_LINE, from the library) and then:
.equ TLS_TID, 128
.equ TLS_TICKS, 136                     ; ticks per sleep
.equ TLS_ROUNDS, 144                    ; rounds to make

.data
finished:       .quad 0                 ; sleepers finished (main waits on it)
main_tls:       .zero TLS_SIZE
sleeper_tls:    .zero TLS_SIZE * SLEEPERS
banner_text:    .asciz "sleeper: 3 threads x "
banner_end:     .asciz " rounds\n"
sleeper_text:   .asciz "sleeper "
wake_text:      .asciz ": wake "
done_text:      .asciz ": done after "
all_done_text:  .asciz "sleeper: all done\n"

.text
_start:
    la r2, main_tls
    wrtls r2
    cmp r1, 0
    bne have_rounds
    li r1, DEFAULT_ROUNDS
have_rounds:
    mov r8, r1                          ; r8 = R
    la r1, banner_text
    call out_str
    mov r1, r8
    call out_num
    la r1, banner_end
    call out_str
    call out_flush

    li r10, 0                           ; r10 = sleeper number i
spawn:
    cmp r10, SLEEPERS
    bgeu spawned
    muli r11, r10, TLS_SIZE
    la r2, sleeper_tls
    add r11, r11, r2                    ; r11 = its TLS block
    shli r2, r10, 1
    addi r2, r2, 3
    stq r2, [r11+TLS_TICKS]
    stq r8, [r11+TLS_ROUNDS]
    la r1, sleeper
    mov r2, r11
    li r0, SYS_THREAD_CREATE
    syscall
    addi r10, r10, 1
    jmp spawn
spawned:

    la r9, finished
wait_sleepers:
    ldq r2, [r9]
    cmp r2, SLEEPERS
    beq all_done
    mov r1, r9
    li r0, SYS_FUTEX_WAIT
    syscall
    jmp wait_sleepers
all_done:
    la r1, all_done_text
    call out_str
    call out_flush
    li r0, SYS_TASK_EXIT
    li r1, 0
    syscall

; sleeper(r1 = its TLS block)
sleeper:
    wrtls r1
    li r0, SYS_THREAD_ID
    syscall
    stq r0, [tls+TLS_TID]
    li r8, 1                            ; r8 = round n
    li r9, 0                            ; r9 = ticks slept
sleeper.round:
    ldq r2, [tls+TLS_ROUNDS]
    cmp r8, r2
    bgtu sleeper.done
    ldq r1, [tls+TLS_TICKS]
    add r9, r9, r1
    li r0, SYS_SLEEP
    syscall
    la r1, sleeper_text
    call out_str
    ldq r1, [tls+TLS_TID]
    call out_num
    la r1, wake_text
    call out_str
    mov r1, r8
    call out_num
    li r1, '\n'
    call out_char
    call out_flush
    andi r2, r8, 1
    cmp r2, 0
    bne sleeper.next
    li r0, SYS_YIELD                    ; let the others run before the next round
    syscall
sleeper.next:
    addi r8, r8, 1
    jmp sleeper.round
sleeper.done:
    la r1, sleeper_text
    call out_str
    ldq r1, [tls+TLS_TID]
    call out_num
    la r1, done_text
    call out_str
    mov r1, r9
    call out_num
    li r1, '\n'
    call out_char
    call out_flush

    la r1, finished
sleeper.count:
    ldq r2, [r1]
    addi r3, r2, 1
    cas r2, r3, [r1]                    ; Z set when nobody changed it in between
    bne sleeper.count
    li r2, 1
    li r0, SYS_FUTEX_WAKE
    syscall
    li r0, SYS_THREAD_EXIT
    syscall

; Line output (out_str, out_char, out_num, out_flush; TLS_LEN, TLS_LINE, LINE_MAX): kernel-sim/ISA.md.
.include "lib/line_output.s"

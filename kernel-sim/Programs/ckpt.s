; ckpt.s: the counter of the 2008 Linux checkpoint/restart RFC, as a sim64 program.
;
; Counts i = 0 .. N-1. For each i it prints one line "ckpt: <i>\n", then does some busy work
; (WORK steps of a 64-bit linear congruential generator seeded with i) and folds the result
; into a running checksum kept in the data section:
;     checksum = checksum * 31 + lcg^WORK(i)        (64-bit wrapping; lcg(x) = x*A + C)
; At the end it prints "ckpt: done <checksum>\n" (checksum in unsigned decimal) and exits
; with code 0 through SYS_TASK_EXIT.
;
; Argument (r1 at _start): N, the number of steps; 0 means the default, 200.
; Cost: about 650 instructions per step (about 135,000 at the default).
; A checkpoint taken anywhere must not change a single byte of this output.

.equ DEFAULT_COUNT, 200
.equ WORK, 100                          ; generator steps per count
.equ LCG_A, 6364136223846793005         ; Knuth's MMIX multiplier
.equ LCG_C, 1442695040888963407
.equ TLS_SIZE, 128

.data
main_tls:   .zero TLS_SIZE              ; this thread's TLS block: its output line
checksum:   .quad 0
steps_done: .quad 0                     ; how many steps finished, for a reader of the memory image
prefix:     .asciz "ckpt: "
done_text:  .asciz "ckpt: done "

.text
_start:
    la r2, main_tls
    wrtls r2
    cmp r1, 0
    bne have_count
    li r1, DEFAULT_COUNT
have_count:
    mov r8, r1                          ; r8 = N
    li r9, 0                            ; r9 = i
count_loop:
    cmp r9, r8
    bgeu counted
    la r1, prefix
    call out_str
    mov r1, r9
    call out_num
    li r1, '\n'
    call out_char
    call out_flush

    mov r1, r9
    call busy_work
    la r2, checksum
    ldq r3, [r2]
    muli r3, r3, 31
    add r3, r3, r0
    stq r3, [r2]

    addi r9, r9, 1
    la r2, steps_done
    stq r9, [r2]
    jmp count_loop

counted:
    la r1, done_text
    call out_str
    la r1, checksum
    ldq r1, [r1]
    call out_num
    li r1, '\n'
    call out_char
    call out_flush
    li r0, SYS_TASK_EXIT
    li r1, 0
    syscall

; busy_work(r1 = seed) -> r0 = the generator's state after WORK steps.
busy_work:
    li r2, LCG_A                        ; a 64-bit constant: ldi + ldhi
    li r3, LCG_C
    li r4, WORK
    mov r0, r1
busy_work.step:
    mul r0, r0, r2
    add r0, r0, r3
    subi r4, r4, 1
    cmp r4, 0
    bne busy_work.step
    ret

; Line output (out_str, out_char, out_num, out_flush; TLS_LEN, TLS_LINE, LINE_MAX): kernel-sim/ISA.md.
.include "lib/line_output.s"

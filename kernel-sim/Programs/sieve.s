; sieve.s: the sieve of Eratosthenes over a large, lazily materialised heap area.
;
; Argument (r1 at _start): LIMIT, the largest number considered; 0 means the default, 20000.
; It creates one read+write area (SYS_AREA_CREATE) of max(1 MiB, LIMIT+1 rounded up to 4 KiB)
; bytes, one byte per number (0 = still a candidate, 1 = crossed out), so only the pages the
; sieve touches are ever materialised. Output, one line each:
;     "sieve: limit <LIMIT>\n"
;     "sieve: crossed out multiples of <p>\n"      for every prime p with p*p <= LIMIT
;     "sieve: <count> primes up to <LIMIT>, last <largest prime, or 0>\n"
; then exits with code 0. When LIMIT exceeds 2^40 or the area cannot be created it prints
; "sieve: no memory\n" and exits with code 1.
; Cost at the default: about 360,000 instructions.

.equ DEFAULT_LIMIT, 20000
.equ MIN_AREA, 1 << 20
.equ PAGE, 4096
.equ MAX_LIMIT, 1 << 40
.equ TLS_SIZE, 128

.data
main_tls:       .zero TLS_SIZE
limit_text:     .asciz "sieve: limit "
crossed_text:   .asciz "sieve: crossed out multiples of "
count_text:     .asciz " primes up to "
last_text:      .asciz ", last "
sieve_text:     .asciz "sieve: "
no_memory_text: .asciz "sieve: no memory\n"

.text
_start:
    la r2, main_tls
    wrtls r2
    cmp r1, 0
    bne have_limit
    li r1, DEFAULT_LIMIT
have_limit:
    mov r8, r1                          ; r8 = LIMIT
    li r2, MAX_LIMIT
    cmp r8, r2
    bgtu no_memory                      ; keeps the size arithmetic below from wrapping

    la r1, limit_text
    call out_str
    mov r1, r8
    call out_num
    li r1, '\n'
    call out_char
    call out_flush

    ; area size = max(MIN_AREA, round_up(LIMIT + 1, PAGE))
    addi r1, r8, PAGE
    andi r1, r1, -PAGE
    li r2, MIN_AREA
    cmp r1, r2
    bgeu sized
    mov r1, r2
sized:
    li r2, AREA_READ | AREA_WRITE
    li r0, SYS_AREA_CREATE
    syscall
    cmp r0, -4095                       ; results in -4095..-1 are errors
    bgeu no_memory
    mov r9, r0                          ; r9 = flags base

    li r10, 2                           ; r10 = p
next_p:
    mul r11, r10, r10                   ; r11 = p*p
    cmp r11, r8
    bgtu sieved
    add r2, r9, r10
    ldb r3, [r2]
    cmp r3, 0
    bne advance_p                       ; p was crossed out: not a prime
    li r4, 1
cross:
    add r2, r9, r11
    stb r4, [r2]
    add r11, r11, r10
    cmp r11, r8
    bleu cross

    la r1, crossed_text
    call out_str
    mov r1, r10
    call out_num
    li r1, '\n'
    call out_char
    call out_flush
advance_p:
    addi r10, r10, 1
    jmp next_p

sieved:
    li r10, 2                           ; r10 = n
    li r12, 0                           ; r12 = count
    li r13, 0                           ; r13 = last prime
count:
    cmp r10, r8
    bgtu counted
    add r2, r9, r10
    ldb r3, [r2]
    cmp r3, 0
    bne count_next
    addi r12, r12, 1
    mov r13, r10
count_next:
    addi r10, r10, 1
    jmp count

counted:
    la r1, sieve_text
    call out_str
    mov r1, r12
    call out_num
    la r1, count_text
    call out_str
    mov r1, r8
    call out_num
    la r1, last_text
    call out_str
    mov r1, r13
    call out_num
    li r1, '\n'
    call out_char
    call out_flush
    li r0, SYS_TASK_EXIT
    li r1, 0
    syscall

no_memory:
    la r1, no_memory_text
    call out_str
    call out_flush
    li r0, SYS_TASK_EXIT
    li r1, 1
    syscall

; Line output (out_str, out_char, out_num, out_flush; TLS_LEN, TLS_LINE, LINE_MAX): kernel-sim/ISA.md.
.include "lib/line_output.s"

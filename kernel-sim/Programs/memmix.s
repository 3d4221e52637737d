; memmix.s: fills a large heap area with the memory mix of a long-running task, then sleeps.
;
; Argument (r1 at _start): N, the area's size in MiB; 0 means the default, 8. At most 65536 (64 GiB).
; It creates one read+write area of N MiB (SYS_AREA_CREATE) and fills every page with SYS_MEM_FILL,
; in runs of 1..32 pages of one kind: about 40% zero pages, 30% repetitive pages (one of eight
; 64-byte motifs repeated) and 30% random-looking pages (a fresh SplitMix64 stream per run). Every
; choice comes from a SplitMix64 generator seeded once from SYS_RANDOM, so the same kernel seed
; gives the same memory. Output, one line when the area is full:
;     "memmix: <N> MiB: <z> zero, <m> repetitive, <r> random pages\n"
; then it sleeps forever, waiting on a futex nobody wakes (so a run ends in "deadlock", not at a
; tick limit): checkpoint it at any tick after the line. When N exceeds 65536 or the area cannot
; be created it prints "memmix: no memory\n" and exits with code 1.
; Cost: about 60 instructions per run of pages (runs average 16.5 pages), so some 950,000 ticks
; per GiB; each run's fill is one SYS_MEM_FILL, one tick whatever its length.

.equ DEFAULT_MIB, 8
.equ MAX_MIB, 65536
.equ PAGE, 4096
.equ MIB_SHIFT, 20
.equ PAGE_SHIFT, 12
.equ MAX_RUN, 32
.equ MOTIFS, 8
.equ FILL_ZERO, 0
.equ FILL_MOTIF, 1
.equ FILL_RANDOM, 2
.equ TLS_SIZE, 128

.data
main_tls:       .zero TLS_SIZE
motif_seed:     .quad 0                 ; seeds of the eight motifs are motif_seed + 0..7
idle_word:      .quad 0                 ; stays 0: the futex the filled program waits on forever
head_text:      .asciz "memmix: "
mib_text:       .asciz " MiB: "
zero_text:      .asciz " zero, "
motif_text:     .asciz " repetitive, "
random_text:    .asciz " random pages\n"
no_memory_text: .asciz "memmix: no memory\n"

.text
_start:
    la r2, main_tls
    wrtls r2
    cmp r1, 0
    bne have_size
    li r1, DEFAULT_MIB
have_size:
    mov r15, r1                         ; r15 = N (MiB)
    li r2, MAX_MIB
    cmp r15, r2
    bgtu no_memory

    shli r1, r15, MIB_SHIFT
    li r2, AREA_READ | AREA_WRITE
    li r0, SYS_AREA_CREATE
    syscall
    cmp r0, -4095                       ; results in -4095..-1 are errors
    bgeu no_memory
    mov r9, r0                          ; r9 = area base
    shli r8, r15, MIB_SHIFT - PAGE_SHIFT ; r8 = pages in the area

    li r0, SYS_RANDOM
    syscall
    mov r11, r0                         ; r11 = generator state
    call mix_next
    la r1, motif_seed
    stq r0, [r1]

    li r10, 0                           ; r10 = next page to fill
    li r12, 0                           ; r12 = zero pages
    li r13, 0                           ; r13 = repetitive pages
    li r14, 0                           ; r14 = random pages
next_run:
    cmp r10, r8
    bgeu filled
    call mix_next                       ; kind: 40 / 30 / 30 of 100
    remui r3, r0, 100
    call mix_next                       ; r0 = run length and motif
    andi r2, r0, MAX_RUN - 1
    addi r2, r2, 1                      ; r2 = 1..32 pages
    sub r4, r8, r10
    cmp r2, r4
    bleu run_fits
    mov r2, r4                          ; the last run stops at the end of the area
run_fits:
    cmp r3, 40
    bltu zero_run
    cmp r3, 70
    bltu motif_run
    add r14, r14, r2
    mov r5, r2                          ; keep the run length across the call
    call mix_next
    mov r4, r0                          ; r4 = seed of a fresh random stream
    mov r2, r5
    li r3, FILL_RANDOM
    jmp fill
motif_run:
    add r13, r13, r2
    shri r4, r0, 5
    andi r4, r4, MOTIFS - 1
    la r5, motif_seed
    ldq r5, [r5]
    add r4, r4, r5                      ; r4 = seed of one of the eight motifs
    li r3, FILL_MOTIF
    jmp fill
zero_run:
    add r12, r12, r2
    li r3, FILL_ZERO
    li r4, 0
fill:
    shli r1, r10, PAGE_SHIFT
    add r1, r1, r9                      ; r1 = address of the run
    add r10, r10, r2
    shli r2, r2, PAGE_SHIFT             ; r2 = bytes
    li r0, SYS_MEM_FILL
    syscall
    jmp next_run

filled:
    la r1, head_text
    call out_str
    mov r1, r15
    call out_num
    la r1, mib_text
    call out_str
    mov r1, r12
    call out_num
    la r1, zero_text
    call out_str
    mov r1, r13
    call out_num
    la r1, motif_text
    call out_str
    mov r1, r14
    call out_num
    la r1, random_text
    call out_str
    call out_flush
idle:
    la r1, idle_word
    li r2, 0
    li r0, SYS_FUTEX_WAIT
    syscall
    jmp idle

no_memory:
    la r1, no_memory_text
    call out_str
    call out_flush
    li r0, SYS_TASK_EXIT
    li r1, 1
    syscall

; mix_next: the next 64 bits of SplitMix64 in r0, state in r11 (advanced); changes r0, r1.
mix_next:
    li r1, 0x9E3779B97F4A7C15
    add r11, r11, r1
    shri r1, r11, 30
    xor r0, r11, r1
    li r1, 0xBF58476D1CE4E5B9
    mul r0, r0, r1
    shri r1, r0, 27
    xor r0, r0, r1
    li r1, 0x94D049BB133111EB
    mul r0, r0, r1
    shri r1, r0, 31
    xor r0, r0, r1
    ret

; Line output (out_str, out_char, out_num, out_flush; TLS_LEN, TLS_LINE, LINE_MAX): kernel-sim/ISA.md.
.include "lib/line_output.s"

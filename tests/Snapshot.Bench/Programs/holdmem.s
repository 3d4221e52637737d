; holdmem.s: the benchmark's task. It maps one heap area of N MiB (r1 at _start; 0 means 1), writes its
; first word so that the area has a resident page, and then sleeps for ever, so a checkpoint taken any
; time after the first few ticks finds the main thread blocked in a restartable SYS_SLEEP.
; The benchmark fills the area's pages into the image itself (Snapshot.Format writer) when kernel-sim has
; no program that fills memory at that size in reasonable time.

.equ AREA_RW, 3
.equ NAP, 1000000

.text
_start:
    cmp r1, 0
    bne have_size
    li r1, 1
have_size:
    shli r1, r1, 20                     ; r1 = N MiB in bytes
    li r2, AREA_RW
    li r0, SYS_AREA_CREATE
    syscall
    li r3, 1
    stq r3, [r0+0]                      ; a fault here (ENOMEM came back) kills the task: the checkpoint then fails
nap:
    li r1, NAP
    li r0, SYS_SLEEP
    syscall
    jmp nap

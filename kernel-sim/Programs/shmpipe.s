; shmpipe.s: a producer/consumer pipeline over a channel of the shm service. The main thread attaches
; channel 1 (16 KiB mapped from the service), starts a consumer thread, and produces N values into a
; ring of 16 slots in the channel; the consumer takes them out. They synchronise by polling the
; ring's counters and yielding (the counters live in the shared page, as they would between tasks).
; Argument (r1 at _start): the number of values N; 0 means the default, 40.
; Prints (through the console service): "shmpipe: channel 1 attached, <N> values", then
; "shmpipe: consumer took <N> values, checksum <c>" and "shmpipe: producer made <N> values, checksum
; <c>" (c ← c·31 + v over the values v = i·i + 7, mod 2^64); exit 0 when both checksums agree, else 1;
; exit 3 when the channel cannot be attached.

.equ RING_HEAD, 0                       ; values produced so far
.equ RING_TAIL, 8                       ; values consumed so far
.equ RING_DONE, 16                      ; the consumer's checksum, written when it is done
.equ RING_FINISHED, 24                  ; 1 once the consumer is done
.equ RING_SLOTS, 64                     ; 16 slots of 8 bytes
.equ SLOTS, 16

_start:
    la r2, tls_main
    wrtls r2
    mov r8, r1
    cmp r8, 0
    bne count_set
    li r8, 40
count_set:
    la r1, count
    stq r8, [r1]
    call con_open
    cmp r0, 0
    blt no_channel
    li r1, 1
    call shm_attach
    cmp r0, 0
    blt no_channel
    mov r9, r0                          ; the ring's base
    la r1, s_attached
    call out_str
    mov r1, r8
    call out_num
    la r1, s_values
    call out_str
    call con_end_line
    la r1, consumer
    mov r2, r9
    li r0, SYS_THREAD_CREATE
    syscall
    li r10, 0                           ; i
    li r11, 0                           ; checksum
produce:
    cmp r10, r8
    bgeu produced
produce.wait:
    ldq r1, [r9+RING_HEAD]
    ldq r2, [r9+RING_TAIL]
    sub r1, r1, r2
    cmp r1, SLOTS
    bltu produce.put
    li r0, SYS_YIELD
    syscall
    jmp produce.wait
produce.put:
    mul r3, r10, r10
    addi r3, r3, 7
    muli r11, r11, 31
    add r11, r11, r3
    ldq r1, [r9+RING_HEAD]
    andi r2, r1, SLOTS - 1
    shli r2, r2, 3
    add r2, r2, r9
    stq r3, [r2+RING_SLOTS]
    addi r1, r1, 1
    stq r1, [r9+RING_HEAD]
    addi r10, r10, 1
    jmp produce
produced:
    ldq r1, [r9+RING_FINISHED]
    cmp r1, 0
    bne report
    li r0, SYS_YIELD
    syscall
    jmp produced
report:
    la r1, s_producer
    call out_str
    mov r1, r8
    call out_num
    la r1, s_checksum
    call out_str
    mov r1, r11
    call out_num
    call con_end_line
    ldq r2, [r9+RING_DONE]
    li r1, 0
    cmp r2, r11
    beq exit
    li r1, 1
exit:
    li r0, SYS_TASK_EXIT
    syscall
no_channel:
    li r1, 3
    li r0, SYS_TASK_EXIT
    syscall

; consumer(r1 = the ring's base): takes every value out, prints its line, publishes its checksum.
consumer:
    la r2, tls_consumer
    wrtls r2
    mov r9, r1
    la r8, count
    ldq r8, [r8]
    li r10, 0
    li r11, 0
consume:
    cmp r10, r8
    bgeu consumed
consume.wait:
    ldq r1, [r9+RING_TAIL]
    ldq r2, [r9+RING_HEAD]
    cmp r1, r2
    bne consume.take
    li r0, SYS_YIELD
    syscall
    jmp consume.wait
consume.take:
    andi r2, r1, SLOTS - 1
    shli r2, r2, 3
    add r2, r2, r9
    ldq r3, [r2+RING_SLOTS]
    muli r11, r11, 31
    add r11, r11, r3
    addi r1, r1, 1
    stq r1, [r9+RING_TAIL]
    addi r10, r10, 1
    jmp consume
consumed:
    la r1, s_consumer
    call out_str
    mov r1, r8
    call out_num
    la r1, s_checksum
    call out_str
    mov r1, r11
    call out_num
    call con_end_line
    stq r11, [r9+RING_DONE]
    li r1, 1
    stq r1, [r9+RING_FINISHED]
    li r0, SYS_THREAD_EXIT
    syscall

.data
s_attached: .asciz "shmpipe: channel 1 attached, "
s_values: .asciz " values"
s_producer: .asciz "shmpipe: producer made "
s_consumer: .asciz "shmpipe: consumer took "
s_checksum: .asciz " values, checksum "
.align 8
count: .quad 0
tls_main: .zero 128
tls_consumer: .zero 128

.include "lib/line_output.s"
.include "lib/console.s"
.include "lib/console_line.s"
.include "lib/shm.s"
.include "lib/service_phone.s"

; prodcons.s: two producers and two consumers share a bounded ring buffer of 8 slots.
;
; Argument (r1 at _start): K, the items each producer makes; 0 means the default, 50.
; The main thread creates a heap area (SYS_AREA_CREATE) holding the ring, a futex-based mutex
; and one TLS block per worker (main's is in .data), then starts 2 producers and 2 consumers (SYS_THREAD_CREATE,
; argument = the thread's TLS block) and waits on a futex until all four have finished.
; Producer j (0 or 1) makes the values 2k + j + 1 for k = 0..K-1, so all 2K values are distinct
; and sum to K(2K + 1). Consumers wait on "not empty", producers on "not full" (futex
; sequence words; the mutex is Drepper's three-state futex mutex built on cas and xchg).
; Output lines (interleaving depends on scheduling, the content does not):
;     "prodcons: 2 producers x <K> items, 2 consumers\n"            (main, first)
;     "consumer <tid>: <value>\n"                                  (once per item)
;     "producer <tid>: made <K> items\n"                           (each producer, at its end)
;     "consumer <tid>: took <n> items, sum <s>\n"                  (each consumer, at its end)
;     "prodcons: consumed <2K> items, sum <K(2K+1)>\n"             (main, last)
; Exit code 0 when the totals are right, 1 otherwise (or 1 after "prodcons: no memory\n").
; Cost at the default: about 40,000 instructions.

.equ DEFAULT_ITEMS, 50
.equ SLOTS, 8                           ; ring capacity (a power of two)
.equ WORKERS, 4
.equ HEAP_SIZE, 64 * 1024

; The shared state at the start of the heap area.
.equ LOCK, 0                            ; mutex: 0 free, 1 locked, 2 locked with waiters
.equ HEAD, 8                            ; items put so far
.equ TAIL, 16                           ; items taken so far
.equ NOT_FULL, 24                       ; futex sequence word: bumped by every take
.equ NOT_EMPTY, 32                      ; futex sequence word: bumped by every put
.equ TOTAL, 40                          ; 2K: items to move in all
.equ ITEMS, 48                          ; K
.equ FINISHED, 56                       ; workers finished (main waits on it)
.equ SUM, 64                            ; sum of the consumed values
.equ CONSUMED, 72                       ; number of consumed values
.equ RING, 128                          ; SLOTS quads
.equ TLS_BLOCKS, 4096                   ; one TLS block per worker
.equ TLS_SIZE, 256

; A thread's TLS block: the output line (TLS_LEN, TLS_LINE, from the library) and then:
.equ TLS_TID, 128
.equ TLS_ROLE, 136                      ; 0 producer, 1 consumer
.equ TLS_INDEX, 144                     ; producer number j
.equ TLS_HEAP, 152                      ; base of the shared heap area
.equ TLS_COUNT, 160                     ; items this thread handled
.equ TLS_SUM, 168                       ; sum of the values this consumer took

.data
main_tls:       .zero TLS_SIZE
banner_text:    .asciz "prodcons: 2 producers x "
banner_end:     .asciz " items, 2 consumers\n"
consumer_text:  .asciz "consumer "
producer_text:  .asciz "producer "
colon_text:     .asciz ": "
made_text:      .asciz ": made "
items_text:     .asciz " items"
took_text:      .asciz ": took "
sum_text:       .asciz ", sum "
total_text:     .asciz "prodcons: consumed "
no_memory_text: .asciz "prodcons: no memory\n"

.text
_start:
    la r2, main_tls
    wrtls r2
    cmp r1, 0
    bne have_items
    li r1, DEFAULT_ITEMS
have_items:
    mov r8, r1                          ; r8 = K
    li r1, HEAP_SIZE
    li r2, AREA_READ + AREA_WRITE
    li r0, SYS_AREA_CREATE
    syscall
    cmp r0, -4095
    bgeu no_memory
    mov r9, r0                          ; r9 = heap
    stq r8, [r9+ITEMS]
    add r2, r8, r8
    stq r2, [r9+TOTAL]

    stq r9, [tls+TLS_HEAP]
    li r0, SYS_THREAD_ID
    syscall
    stq r0, [tls+TLS_TID]

    la r1, banner_text
    call out_str
    mov r1, r8
    call out_num
    la r1, banner_end
    call out_str
    call out_flush

    li r10, 0                           ; r10 = worker number w: 0,1 produce, 2,3 consume
spawn:
    cmp r10, WORKERS
    bgeu spawned
    muli r11, r10, TLS_SIZE
    add r11, r11, r9
    addi r11, r11, TLS_BLOCKS           ; r11 = the worker's TLS block (zero-filled)
    stq r9, [r11+TLS_HEAP]
    shri r2, r10, 1
    stq r2, [r11+TLS_ROLE]
    andi r2, r10, 1
    stq r2, [r11+TLS_INDEX]
    la r1, worker
    mov r2, r11
    li r0, SYS_THREAD_CREATE
    syscall
    addi r10, r10, 1
    jmp spawn
spawned:

wait_workers:
    ldq r2, [r9+FINISHED]
    cmp r2, WORKERS
    beq all_finished
    addi r1, r9, FINISHED
    li r0, SYS_FUTEX_WAIT               ; returns at once (EAGAIN) if FINISHED moved meanwhile
    syscall
    jmp wait_workers

all_finished:
    la r1, total_text
    call out_str
    ldq r1, [r9+CONSUMED]
    call out_num
    la r1, items_text
    call out_str
    la r1, sum_text
    call out_str
    ldq r1, [r9+SUM]
    call out_num
    li r1, '\n'
    call out_char
    call out_flush

    li r1, 1                            ; exit code 1 unless both totals are right
    ldq r2, [r9+CONSUMED]
    ldq r3, [r9+TOTAL]
    cmp r2, r3
    bne exit
    addi r3, r3, 1
    mul r3, r3, r8                      ; K(2K+1)
    ldq r2, [r9+SUM]
    cmp r2, r3
    bne exit
    li r1, 0
exit:
    li r0, SYS_TASK_EXIT
    syscall

no_memory:
    la r1, no_memory_text
    call out_str
    call out_flush
    li r0, SYS_TASK_EXIT
    li r1, 1
    syscall

; worker(r1 = its TLS block): a producer or a consumer, by TLS_ROLE.
worker:
    wrtls r1
    li r0, SYS_THREAD_ID
    syscall
    stq r0, [tls+TLS_TID]
    ldq r9, [tls+TLS_HEAP]              ; r9 = heap, in every worker
    ldq r2, [tls+TLS_ROLE]
    cmp r2, 0
    beq producer
    jmp consumer

; producer: puts 2k + j + 1 for k = 0..K-1.
producer:
    ldq r10, [tls+TLS_INDEX]
    addi r10, r10, 1                    ; r10 = next value (starts at j + 1)
    ldq r11, [r9+ITEMS]                 ; r11 = items left
producer.next:
    cmp r11, 0
    beq producer.done
    mov r1, r9
    call mutex_lock
producer.check:
    ldq r2, [r9+HEAD]
    ldq r3, [r9+TAIL]
    sub r4, r2, r3
    cmp r4, SLOTS
    bltu producer.put
    ldq r12, [r9+NOT_FULL]              ; full: sleep until a take bumps NOT_FULL
    mov r1, r9
    call mutex_unlock
    addi r1, r9, NOT_FULL
    mov r2, r12
    li r0, SYS_FUTEX_WAIT
    syscall
    mov r1, r9
    call mutex_lock
    jmp producer.check
producer.put:
    andi r3, r2, SLOTS - 1
    shli r3, r3, 3
    add r3, r3, r9
    stq r10, [r3+RING]
    addi r2, r2, 1
    stq r2, [r9+HEAD]
    ldq r2, [r9+NOT_EMPTY]
    addi r2, r2, 1
    stq r2, [r9+NOT_EMPTY]
    mov r1, r9
    call mutex_unlock
    addi r1, r9, NOT_EMPTY
    li r2, 1
    li r0, SYS_FUTEX_WAKE
    syscall
    addi r10, r10, 2
    subi r11, r11, 1
    ldq r2, [tls+TLS_COUNT]
    addi r2, r2, 1
    stq r2, [tls+TLS_COUNT]
    jmp producer.next
producer.done:
    la r1, producer_text
    call out_str
    ldq r1, [tls+TLS_TID]
    call out_num
    la r1, made_text
    call out_str
    ldq r1, [tls+TLS_COUNT]
    call out_num
    la r1, items_text
    call out_str
    li r1, '\n'
    call out_char
    call out_flush
    jmp worker_finished

; consumer: takes items until all 2K have been taken.
consumer:
    mov r1, r9
    call mutex_lock
consumer.check:
    ldq r2, [r9+HEAD]
    ldq r3, [r9+TAIL]
    ldq r4, [r9+TOTAL]
    cmp r3, r4
    beq consumer.all_taken
    cmp r2, r3
    bne consumer.take
    ldq r12, [r9+NOT_EMPTY]             ; empty: sleep until a put bumps NOT_EMPTY
    mov r1, r9
    call mutex_unlock
    addi r1, r9, NOT_EMPTY
    mov r2, r12
    li r0, SYS_FUTEX_WAIT
    syscall
    mov r1, r9
    call mutex_lock
    jmp consumer.check
consumer.take:
    andi r5, r3, SLOTS - 1
    shli r5, r5, 3
    add r5, r5, r9
    ldq r10, [r5+RING]                  ; r10 = the value
    addi r3, r3, 1
    stq r3, [r9+TAIL]
    ldq r2, [r9+NOT_FULL]
    addi r2, r2, 1
    stq r2, [r9+NOT_FULL]
    mov r1, r9
    call mutex_unlock
    addi r1, r9, NOT_FULL
    li r2, 1
    li r0, SYS_FUTEX_WAKE
    syscall

    ldq r2, [tls+TLS_COUNT]
    addi r2, r2, 1
    stq r2, [tls+TLS_COUNT]
    ldq r2, [tls+TLS_SUM]
    add r2, r2, r10
    stq r2, [tls+TLS_SUM]
    la r1, consumer_text
    call out_str
    ldq r1, [tls+TLS_TID]
    call out_num
    la r1, colon_text
    call out_str
    mov r1, r10
    call out_num
    li r1, '\n'
    call out_char
    call out_flush
    jmp consumer

consumer.all_taken:
    ; Release the other consumer if it is waiting for an item that will never come.
    ldq r2, [r9+NOT_EMPTY]
    addi r2, r2, 1
    stq r2, [r9+NOT_EMPTY]
    ldq r2, [r9+SUM]
    ldq r3, [tls+TLS_SUM]
    add r2, r2, r3
    stq r2, [r9+SUM]
    ldq r2, [r9+CONSUMED]
    ldq r3, [tls+TLS_COUNT]
    add r2, r2, r3
    stq r2, [r9+CONSUMED]
    mov r1, r9
    call mutex_unlock
    addi r1, r9, NOT_EMPTY
    li r2, WORKERS
    li r0, SYS_FUTEX_WAKE
    syscall

    la r1, consumer_text
    call out_str
    ldq r1, [tls+TLS_TID]
    call out_num
    la r1, took_text
    call out_str
    ldq r1, [tls+TLS_COUNT]
    call out_num
    la r1, items_text
    call out_str
    la r1, sum_text
    call out_str
    ldq r1, [tls+TLS_SUM]
    call out_num
    li r1, '\n'
    call out_char
    call out_flush
    jmp worker_finished

; worker_finished: count this worker as finished, wake main, end the thread.
worker_finished:
    addi r1, r9, FINISHED
worker_finished.increment:
    ldq r2, [r1]
    addi r3, r2, 1
    cas r2, r3, [r1]                    ; Z set when nobody changed it in between
    bne worker_finished.increment
    li r2, 1
    li r0, SYS_FUTEX_WAKE
    syscall
    li r0, SYS_THREAD_EXIT
    syscall

; mutex_lock(r1 = address of the lock word). Drepper, "Futexes are tricky", mutex 2.
; Clobbers r0, r2, r3; r1 is kept (syscalls change only r0).
mutex_lock:
    li r2, 0
    li r3, 1
    cas r2, r3, [r1]                    ; 0 -> 1: taken without contention
    beq mutex_lock.done
    cmp r2, 2
    beq mutex_lock.wait
    li r2, 2
    xchg r2, [r1]                       ; announce a waiter
    cmp r2, 0
    beq mutex_lock.done
mutex_lock.wait:
    li r2, 2
    li r0, SYS_FUTEX_WAIT
    syscall
    li r2, 2
    xchg r2, [r1]
    cmp r2, 0
    bne mutex_lock.wait
mutex_lock.done:
    ret

; mutex_unlock(r1 = address of the lock word). Clobbers r0, r2.
mutex_unlock:
    li r2, 0
    xchg r2, [r1]
    cmp r2, 2
    bne mutex_unlock.done
    li r2, 1                            ; there were waiters: wake one
    li r0, SYS_FUTEX_WAKE
    syscall
mutex_unlock.done:
    ret

; Line output (out_str, out_char, out_num, out_flush; TLS_LEN, TLS_LINE, LINE_MAX): kernel-sim/ISA.md.
.include "lib/line_output.s"

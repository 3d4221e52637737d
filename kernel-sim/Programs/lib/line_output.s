; lib/line_output.s: line output for sim64 programs, shared by the samples (.include "lib/line_output.s").
;
; Each thread builds its output line in its own TLS block (TLS_LEN, TLS_LINE) and writes it with
; one SYS_WRITE, so lines of different threads never mix. Before the first call a thread points
; tls at a zeroed block of at least TLS_LINE + LINE_MAX = 120 bytes (wrtls); the includer's own
; TLS fields go at offsets 120 and up.
; Calling convention: arguments r1.., scratch r0..r7, r8..r15 and sp preserved. Each routine
; below says which scratch registers it actually changes.
;
; The code uses no absolute address (branches are pc-relative), so it is the same bytes wherever
; it lands. The samples' released hashes pin those bytes (ReleasedProgramBytesTests): changing an
; instruction here changes every program that includes this file.

.text
.equ TLS_LEN, 0                 ; bytes in the line so far
.equ TLS_LINE, 8                ; the line itself
.equ LINE_MAX, 112              ; longer lines are cut (never overflow the block)

; out_str(r1 = NUL-terminated string): append it to the line. Changes r1..r5.
out_str:
    ldq r2, [tls+TLS_LEN]
    rdtls r3
    addi r3, r3, TLS_LINE
out_str.next:
    ldb r4, [r1]
    cmp r4, 0
    beq out_str.done
    cmp r2, LINE_MAX
    bgeu out_str.done
    add r5, r3, r2
    stb r4, [r5]
    addi r1, r1, 1
    addi r2, r2, 1
    jmp out_str.next
out_str.done:
    stq r2, [tls+TLS_LEN]
    ret

; out_char(r1 = byte): append one character. Changes r2, r3.
out_char:
    ldq r2, [tls+TLS_LEN]
    cmp r2, LINE_MAX
    bgeu out_char.done
    rdtls r3
    add r3, r3, r2
    stb r1, [r3+TLS_LINE]
    addi r2, r2, 1
    stq r2, [tls+TLS_LEN]
out_char.done:
    ret

; out_num(r1 = value): append the unsigned decimal digits of the value. Changes r1..r7;
; uses 24 bytes of stack.
out_num:
    mov r3, sp                  ; digits go below the return address, last digit first
    subi sp, sp, 24             ; room for the 20 digits of 2^64-1
    mov r4, r3
out_num.digit:
    remu r5, r1, 10
    addi r5, r5, '0'
    subi r4, r4, 1
    stb r5, [r4]
    divu r1, r1, 10
    cmp r1, 0
    bne out_num.digit
    ldq r2, [tls+TLS_LEN]
    rdtls r6
    addi r6, r6, TLS_LINE
out_num.copy:
    cmp r4, r3
    beq out_num.done
    cmp r2, LINE_MAX
    bgeu out_num.done
    ldb r5, [r4]
    add r7, r6, r2
    stb r5, [r7]
    addi r2, r2, 1
    addi r4, r4, 1
    jmp out_num.copy
out_num.done:
    stq r2, [tls+TLS_LEN]
    addi sp, sp, 24
    ret

; out_flush(): write the line (one SYS_WRITE) and start a new one. Changes r0..r2.
out_flush:
    rdtls r1
    addi r1, r1, TLS_LINE
    ldq r2, [tls+TLS_LEN]
    li r0, SYS_WRITE
    syscall
    li r2, 0
    stq r2, [tls+TLS_LEN]
    ret

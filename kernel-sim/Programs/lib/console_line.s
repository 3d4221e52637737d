; lib/console_line.s: lines of lib/line_output.s written through the console service
; (.include "lib/console_line.s" after lib/line_output.s and lib/console.s).
;
; A program builds a line with out_str, out_char and out_num in its TLS block, as with line_output.s,
; and con_end_line writes it with one con_write instead of SYS_WRITE, so the console service carries
; the program's output. Calling convention of ISA.md.

.text
; con_end_line(): appends '\n' to the line being built (lib/line_output.s) and writes it with one
; con_write. Changes r0..r4.
con_end_line:
    li r1, '\n'
    call out_char
    rdtls r1
    addi r1, r1, TLS_LINE
    ldq r2, [tls+TLS_LEN]
    call con_write
    li r2, 0
    stq r2, [tls+TLS_LEN]
    ret


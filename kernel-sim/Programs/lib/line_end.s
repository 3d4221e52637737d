; lib/line_end.s: ending lines and tasks (.include "lib/line_end.s", together with lib/line_output.s).
;
; end_line ends the line being built with a newline and writes it; exit_with_line writes a last line
; and ends the task with an exit status, the common tail of a program that reports success or failure.
; Calling convention as in lib/line_output.s: arguments r1.., r8..r15 and sp preserved.

.text

; end_line(): appends '\n' and writes the line with one SYS_WRITE. Changes r0..r3.
end_line:
    li r1, '\n'
    call out_char
    jmp out_flush

; exit_with_line(r1 = address of a NUL-terminated string, r2 = exit status): writes the string as a
; line and ends the task; it does not return.
exit_with_line:
    push r2
    call out_str
    call end_line
    pop r1
    li r0, SYS_TASK_EXIT
    syscall

; tetris.s: a small Tetris-like game on a 10x12 board, driven by scripted console input (the thesis'
; tutorial program): it reads keys through the console service and prints through it.
; Keys: a left, d right, w rotate, x drop to the bottom, q quit; after every key (s or any other key
; just waits) the piece falls one row, and a piece that cannot fall lands. Pieces (O, I, T, L) come
; from the task's seeded random generator (SYS_RANDOM), so a run depends on the boot seed.
; Prints: "tetris: 10x12 board, keys a d w x s q"; after each landing "tetris: piece <n> landed,
; lines <l>, score <s>" and the board (12 rows of '.' and '#'); at the end "tetris: game over" when a
; new piece has no room, then "tetris: score <s>, lines <l>, pieces <n>"; exit 0. Each landing
; scores 1, clearing k lines at once 10·k² more. Exit 3 when the console cannot be reached.
; Argument (r1 at _start): none (ignored). The game reads until 'q' or game over: a script without
; either leaves it waiting for input.

.equ COLUMNS, 10
.equ ROWS, 12

_start:
    la r2, tls_block
    wrtls r2
    call con_open
    cmp r0, 0
    blt no_console
    la r1, s_start
    call out_str
    call con_end_line
    li r12, 0                           ; score
    li r13, 0                           ; lines
    li r14, 0                           ; pieces landed
new_piece:
    li r0, SYS_RANDOM
    syscall
    remui r8, r0, 4                     ; kind
    li r9, 0                            ; rotation
    li r10, 3                           ; x
    li r11, 0                           ; y
    mov r1, r8
    mov r2, r9
    mov r3, r10
    mov r4, r11
    call fits
    cmp r0, 0
    beq game_over
key:
    call con_read
    cmp r0, 'q'
    beq quit
    cmp r0, 'a'
    beq left
    cmp r0, 'd'
    beq right
    cmp r0, 'w'
    beq rotate
    cmp r0, 'x'
    beq drop
    jmp gravity
left:
    mov r1, r8
    mov r2, r9
    subi r3, r10, 1
    mov r4, r11
    call fits
    cmp r0, 0
    beq gravity
    subi r10, r10, 1
    jmp gravity
right:
    mov r1, r8
    mov r2, r9
    addi r3, r10, 1
    mov r4, r11
    call fits
    cmp r0, 0
    beq gravity
    addi r10, r10, 1
    jmp gravity
rotate:
    mov r1, r8
    addi r2, r9, 1
    andi r2, r2, 3
    mov r3, r10
    mov r4, r11
    call fits
    cmp r0, 0
    beq gravity
    addi r9, r9, 1
    andi r9, r9, 3
    jmp gravity
drop:
    mov r1, r8
    mov r2, r9
    mov r3, r10
    addi r4, r11, 1
    call fits
    cmp r0, 0
    beq land
    addi r11, r11, 1
    jmp drop
gravity:
    mov r1, r8
    mov r2, r9
    mov r3, r10
    addi r4, r11, 1
    call fits
    cmp r0, 0
    beq land
    addi r11, r11, 1
    jmp key
land:
    call place
    call clear_lines
    add r13, r13, r0
    mul r1, r0, r0
    muli r1, r1, 10
    addi r1, r1, 1
    add r12, r12, r1
    addi r14, r14, 1
    la r1, s_piece
    call out_str
    mov r1, r14
    call out_num
    la r1, s_lines
    call out_str
    mov r1, r13
    call out_num
    la r1, s_score
    call out_str
    mov r1, r12
    call out_num
    call con_end_line
    call print_board
    jmp new_piece
game_over:
    la r1, s_over
    call out_str
    call con_end_line
quit:
    la r1, s_final
    call out_str
    mov r1, r12
    call out_num
    la r1, s_total_lines
    call out_str
    mov r1, r13
    call out_num
    la r1, s_pieces
    call out_str
    mov r1, r14
    call out_num
    call con_end_line
    li r1, 0
    li r0, SYS_TASK_EXIT
    syscall
no_console:
    li r1, 3
    li r0, SYS_TASK_EXIT
    syscall

; shape(r1 = kind, r2 = rotation) → r5 = address of the piece's 4 cells (x, y bytes). Changes r5, r6.
shape:
    shli r5, r1, 2
    add r5, r5, r2
    shli r5, r5, 3
    la r6, shapes
    add r5, r5, r6
    ret

; fits(r1 = kind, r2 = rotation, r3 = x, r4 = y) → 1 when every cell is on the board and free, else 0.
; Changes r0, r5..r7.
fits:
    call shape
    li r6, 4
fits.cell:
    ldb r0, [r5]
    add r0, r0, r3
    cmp r0, COLUMNS
    bgeu fits.no                        ; unsigned: also a column left of 0
    ldb r7, [r5+1]
    add r7, r7, r4
    cmp r7, ROWS
    bgeu fits.no
    muli r7, r7, COLUMNS
    add r7, r7, r0
    la r0, board
    add r7, r7, r0
    ldb r7, [r7]
    cmp r7, 0
    bne fits.no
    addi r5, r5, 2
    subi r6, r6, 1
    cmp r6, 0
    bne fits.cell
    li r0, 1
    ret
fits.no:
    li r0, 0
    ret

; place(): marks the current piece (r8 kind, r9 rotation, r10 x, r11 y) on the board. Changes r0..r7.
place:
    mov r1, r8
    mov r2, r9
    call shape
    li r6, 4
place.cell:
    ldb r0, [r5]
    add r0, r0, r10
    ldb r7, [r5+1]
    add r7, r7, r11
    muli r7, r7, COLUMNS
    add r7, r7, r0
    la r0, board
    add r7, r7, r0
    li r0, 1
    stb r0, [r7]
    addi r5, r5, 2
    subi r6, r6, 1
    cmp r6, 0
    bne place.cell
    ret

; clear_lines() → the number of full rows removed (the rows above move down). Changes r0..r7.
clear_lines:
    li r4, 0
    li r1, ROWS - 1
clear.row:
    muli r2, r1, COLUMNS
    la r3, board
    add r2, r2, r3
    li r3, 0
    li r5, 0
clear.count:
    add r6, r2, r3
    ldb r6, [r6]
    add r5, r5, r6
    addi r3, r3, 1
    cmp r3, COLUMNS
    bne clear.count
    cmp r5, COLUMNS
    bne clear.next
    addi r4, r4, 1
    addi r6, r2, COLUMNS - 1
    la r7, board
    addi r7, r7, COLUMNS
clear.shift:
    cmp r6, r7
    bltu clear.top
    ldb r5, [r6-COLUMNS]
    stb r5, [r6]
    subi r6, r6, 1
    jmp clear.shift
clear.top:
    la r7, board
    li r3, 0
    li r5, 0
clear.zero:
    add r6, r7, r3
    stb r5, [r6]
    addi r3, r3, 1
    cmp r3, COLUMNS
    bne clear.zero
    jmp clear.row                       ; the same row again: it holds the row above now
clear.next:
    cmp r1, 0
    beq clear.done
    subi r1, r1, 1
    jmp clear.row
clear.done:
    mov r0, r4
    ret

; print_board(): one con_write per row ('#' filled, '.' free). Changes r0..r7.
print_board:
    push r8
    li r8, 0
board.row:
    muli r1, r8, COLUMNS
    la r2, board
    add r1, r1, r2
    la r2, row
    li r3, 0
board.column:
    add r4, r1, r3
    ldb r4, [r4]
    li r5, '.'
    cmp r4, 0
    beq board.put
    li r5, '#'
board.put:
    add r6, r2, r3
    stb r5, [r6]
    addi r3, r3, 1
    cmp r3, COLUMNS
    bne board.column
    li r5, '\n'
    stb r5, [r2+COLUMNS]
    la r1, row
    li r2, COLUMNS + 1
    call con_write
    addi r8, r8, 1
    cmp r8, ROWS
    bne board.row
    pop r8
    ret

.data
s_start: .asciz "tetris: 10x12 board, keys a d w x s q"
s_piece: .asciz "tetris: piece "
s_lines: .asciz " landed, lines "
s_score: .asciz ", score "
s_over: .asciz "tetris: game over"
s_final: .asciz "tetris: score "
s_total_lines: .asciz ", lines "
s_pieces: .asciz ", pieces "
; The cells of each piece in each rotation: kind·32 + rotation·8 bytes, four (x, y) pairs, y downwards.
shapes:
    .byte 0, 0, 1, 0, 0, 1, 1, 1        ; O
    .byte 0, 0, 1, 0, 0, 1, 1, 1
    .byte 0, 0, 1, 0, 0, 1, 1, 1
    .byte 0, 0, 1, 0, 0, 1, 1, 1
    .byte 0, 0, 1, 0, 2, 0, 3, 0        ; I
    .byte 1, 0, 1, 1, 1, 2, 1, 3
    .byte 0, 0, 1, 0, 2, 0, 3, 0
    .byte 1, 0, 1, 1, 1, 2, 1, 3
    .byte 0, 0, 1, 0, 2, 0, 1, 1        ; T
    .byte 1, 0, 0, 1, 1, 1, 1, 2
    .byte 1, 0, 0, 1, 1, 1, 2, 1
    .byte 0, 0, 0, 1, 1, 1, 0, 2
    .byte 0, 0, 0, 1, 0, 2, 1, 2        ; L
    .byte 0, 0, 1, 0, 2, 0, 0, 1
    .byte 0, 0, 1, 0, 1, 1, 1, 2
    .byte 2, 0, 0, 1, 1, 1, 2, 1
board: .zero COLUMNS * ROWS
row: .zero 16
.align 8
tls_block: .zero 128

.include "lib/line_output.s"
.include "lib/console.s"
.include "lib/console_line.s"

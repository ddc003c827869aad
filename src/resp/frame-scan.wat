;; Frames canonical commands lying whole in a window of input: the reader's fast path (see frame-scan.ts).
;;
;; scan(pos, end, out) reads commands from memory[pos] while each is, in full before `end`, exactly
;;   '*' argc CRLF ( '$' len CRLF payload CRLF ){argc}
;; with argc and len of 1 to 9 decimal digits (argc above 0). For each it writes argc, then the start and
;; end of every payload, as i32s from `out`, and returns how many commands it framed (the last payload's
;; end + 2 is where the next command starts). Anything else (a tenth digit, `*0`, a missing CRLF, a
;; command running past `end`) ends the scan there: the reader's state machine, which follows the server's
;; loader in every case, reads what is left. So this never accepts what the loader would read differently.
;;
;; A command named with the same bytes as the one before it in this scan has its argc written negated:
;; the reader reuses what it made of that name (runs of one command are the common case). A short name is
;; compared as 8 bytes read at once: memory goes on past the window (the records), so those reads stay
;; inside it, and an empty name's full-width mask only ever compares an empty name with another.
;;
;; Each i32 written stands for at least 3 bytes of input read (argc for "*1\r\n", a payload's two for
;; "$0\r\n\r\n"), so `out` needs at most 4/3 of the window's bytes. Lengths below 10^9 keep every sum
;; below 2^31 for windows under 1 GiB.
;;
;; The memory starts at its full size, 38 pages: a 1 MiB window and 4/3 of it for the records. Growing it
;; later would detach its first ArrayBuffer, and the first detach in a process makes V8 throw away every
;; optimized function that reads a typed array (the RDB reader's, the CRC's: a library's second check of
;; an 11 MB RDB-based directory took 203-223 ms against 119-142 ms without the growth).
(module
  (memory (export "memory") 38)

  ;; 1 when the n bytes at a and at b are the same
  (func $same (param $a i32) (param $b i32) (param $n i32) (result i32)
    (loop $byte
      (if (i32.eqz (local.get $n)) (then (return (i32.const 1))))
      (if (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))) (then (return (i32.const 0))))
      (local.set $a (i32.add (local.get $a) (i32.const 1)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $byte))
    (unreachable))

  (func (export "scan") (param $pos i32) (param $end i32) (param $out i32) (result i32)
    (local $i i32) (local $o i32) (local $n i32) (local $argc i32) (local $left i32)
    (local $len i32) (local $d i32) (local $digits i32)
    (local $record i32) (local $name i32) (local $nameLen i32) (local $prev i32) (local $prevLen i32)
    (local.set $prevLen (i32.const -1))
    (local.set $i (local.get $pos))
    (local.set $o (local.get $out))
    (block $done
      (loop $command
        ;; '*' and argc
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (br_if $done (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x2a)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (local.set $argc (i32.const 0))
        (local.set $digits (i32.const 0))
        (block $argc_end
          (loop $argc_digit
            (br_if $argc_end (i32.ge_u (local.get $i) (local.get $end)))
            (local.set $d (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)))
            (br_if $argc_end (i32.gt_u (local.get $d) (i32.const 9)))
            (br_if $done (i32.eq (local.get $digits) (i32.const 9)))
            (local.set $argc (i32.add (i32.mul (local.get $argc) (i32.const 10)) (local.get $d)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
            (br $argc_digit)))
        ;; no digits, or *0: the loader's own case
        (br_if $done (i32.eqz (local.get $argc)))
        (br_if $done (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
        (br_if $done (i32.ne (i32.load16_u (local.get $i)) (i32.const 0x0a0d)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (local.set $record (local.get $o))
        (i32.store (local.get $o) (local.get $argc))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (local.set $left (local.get $argc))
        (loop $argument
          ;; '$' and len
          (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
          (br_if $done (i32.ne (i32.load8_u (local.get $i)) (i32.const 0x24)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (local.set $len (i32.const 0))
          (local.set $digits (i32.const 0))
          (block $len_end
            (loop $len_digit
              (br_if $len_end (i32.ge_u (local.get $i) (local.get $end)))
              (local.set $d (i32.sub (i32.load8_u (local.get $i)) (i32.const 0x30)))
              (br_if $len_end (i32.gt_u (local.get $d) (i32.const 9)))
              (br_if $done (i32.eq (local.get $digits) (i32.const 9)))
              (local.set $len (i32.add (i32.mul (local.get $len) (i32.const 10)) (local.get $d)))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
              (br $len_digit)))
          (br_if $done (i32.eqz (local.get $digits)))
          (br_if $done (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $end)))
          (br_if $done (i32.ne (i32.load16_u (local.get $i)) (i32.const 0x0a0d)))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          ;; the payload, then its CRLF
          (br_if $done (i32.ge_u (i32.add (i32.add (local.get $i) (local.get $len)) (i32.const 1)) (local.get $end)))
          (br_if $done (i32.ne (i32.load16_u (i32.add (local.get $i) (local.get $len))) (i32.const 0x0a0d)))
          (if (i32.eq (local.get $left) (local.get $argc))
            (then
              (local.set $name (local.get $i))
              (local.set $nameLen (local.get $len))))
          (i32.store (local.get $o) (local.get $i))
          (local.set $i (i32.add (local.get $i) (local.get $len)))
          (i32.store offset=4 (local.get $o) (local.get $i))
          (local.set $o (i32.add (local.get $o) (i32.const 8)))
          (local.set $i (i32.add (local.get $i) (i32.const 2)))
          (local.set $left (i32.sub (local.get $left) (i32.const 1)))
          (br_if $argument (local.get $left)))
        (if (i32.eq (local.get $nameLen) (local.get $prevLen))
          (then
            (if (if (result i32) (i32.le_u (local.get $nameLen) (i32.const 8))
                  ;; a short name as one 8-byte comparison, masked to its length
                  (then
                    (i64.eqz
                      (i64.and
                        (i64.xor (i64.load (local.get $name)) (i64.load (local.get $prev)))
                        (i64.shr_u (i64.const -1) (i64.extend_i32_u (i32.sub (i32.const 64) (i32.shl (local.get $nameLen) (i32.const 3))))))))
                  (else (call $same (local.get $name) (local.get $prev) (local.get $nameLen))))
              (then (i32.store (local.get $record) (i32.sub (i32.const 0) (local.get $argc)))))))
        (local.set $prev (local.get $name))
        (local.set $prevLen (local.get $nameLen))
        (local.set $n (i32.add (local.get $n) (i32.const 1)))
        (br $command)))
    (local.get $n)))

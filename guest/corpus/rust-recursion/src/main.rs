//! Recursion of several shapes: naive Fibonacci (two calls per frame), Ackermann (deep, nested),
//! N-queens backtracking, Tower of Hanoi recording moves, a recursive descent parser for
//! arithmetic, and a 10 000-deep non-tail recursion that uses a few hundred KiB of the stack.
//! Parameters come from the public input (little-endian u32s: fib n, queens n, hanoi n,
//! ackermann m and n, depth), then the expression text to the end of the input.
#![no_std]
#![no_main]

use core::hint::black_box;
use zkvm_guest::prelude::*;

zkvm_guest::entry!(main);

fn fib(n: u32) -> u32 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

fn ackermann(m: u32, n: u32) -> u32 {
    match (m, n) {
        (0, n) => n + 1,
        (m, 0) => ackermann(m - 1, 1),
        (m, n) => ackermann(m - 1, ackermann(m, n - 1)),
    }
}

/// Counts placements of queens on rows `row..n` given the attacked columns and diagonals.
fn queens(n: u32, row: u32, cols: u32, diag1: u32, diag2: u32) -> u32 {
    if row == n {
        return 1;
    }
    let mut count = 0;
    let mut free = !(cols | diag1 | diag2) & ((1 << n) - 1);
    while free != 0 {
        let bit = free & free.wrapping_neg();
        free ^= bit;
        count += queens(n, row + 1, cols | bit, (diag1 | bit) << 1, (diag2 | bit) >> 1);
    }
    count
}

fn hanoi(n: u32, from: u8, to: u8, via: u8, moves: &mut Vec<(u8, u8)>) {
    if n == 0 {
        return;
    }
    hanoi(n - 1, from, via, to, moves);
    moves.push((from, to));
    hanoi(n - 1, via, to, from, moves);
}

/// Sum 1..=n the non-tail-recursive way; black_box keeps the frames from being folded away.
fn deep_sum(n: u64) -> u64 {
    if n == 0 {
        0
    } else {
        black_box(n) + deep_sum(n - 1)
    }
}

/// expr := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*; factor := num | '-' factor | '(' expr ')'
struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&mut self) -> Option<u8> {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
        self.s.get(self.i).copied()
    }
    fn expr(&mut self) -> i64 {
        let mut v = self.term();
        while let Some(c @ (b'+' | b'-')) = self.peek() {
            self.i += 1;
            let r = self.term();
            v = if c == b'+' { v + r } else { v - r };
        }
        v
    }
    fn term(&mut self) -> i64 {
        let mut v = self.factor();
        while let Some(c @ (b'*' | b'/')) = self.peek() {
            self.i += 1;
            let r = self.factor();
            v = if c == b'*' { v * r } else { v / r };
        }
        v
    }
    fn factor(&mut self) -> i64 {
        match self.peek() {
            Some(b'-') => {
                self.i += 1;
                -self.factor()
            }
            Some(b'(') => {
                self.i += 1;
                let v = self.expr();
                if self.peek() != Some(b')') {
                    panic!("expected ')' at byte {}", self.i);
                }
                self.i += 1;
                v
            }
            Some(c) if c.is_ascii_digit() => {
                let mut v = 0i64;
                while let Some(&d) = self.s.get(self.i).filter(|d| d.is_ascii_digit()) {
                    v = v * 10 + (d - b'0') as i64;
                    self.i += 1;
                }
                v
            }
            other => panic!("unexpected {:?} at byte {}", other.map(|c| c as char), self.i),
        }
    }
}

fn main() {
    let fib_n = zkvm_guest::read_public_u32();
    let queens_n = zkvm_guest::read_public_u32();
    let hanoi_n = zkvm_guest::read_public_u32();
    let ack_m = zkvm_guest::read_public_u32();
    let ack_n = zkvm_guest::read_public_u32();
    let depth = zkvm_guest::read_public_u32();
    let expr = zkvm_guest::read_public_to_end();

    println!("fib({fib_n}) = {}", fib(fib_n));
    println!("ackermann({ack_m}, {ack_n}) = {}", ackermann(ack_m, ack_n));
    println!("queens({queens_n}) = {}", queens(queens_n, 0, 0, 0, 0));

    let mut moves = Vec::new();
    hanoi(hanoi_n, 0, 2, 1, &mut moves);
    // Replay the moves on three pegs and check every move is legal and the tower ends on peg 2.
    let mut pegs: [Vec<u32>; 3] = [(1..=hanoi_n).rev().collect(), Vec::new(), Vec::new()];
    for &(from, to) in &moves {
        let disk = pegs[from as usize].pop().expect("move from an empty peg");
        if let Some(&top) = pegs[to as usize].last() {
            assert!(top > disk, "larger disk on a smaller one");
        }
        pegs[to as usize].push(disk);
    }
    let ok = pegs[0].is_empty() && pegs[1].is_empty() && pegs[2].len() == hanoi_n as usize;
    let sig = moves.iter().fold(0u32, |h, &(f, t)| h.wrapping_mul(31).wrapping_add((f * 3 + t) as u32));
    println!("hanoi({hanoi_n}) = {} moves, solved: {ok}, signature {sig:08x}", moves.len());

    println!("deep_sum({depth}) = {}", deep_sum(depth as u64));

    let text = core::str::from_utf8(&expr).expect("expression is not UTF-8").trim();
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    let v = p.expr();
    if p.peek().is_some() {
        panic!("trailing input at byte {}", p.i);
    }
    println!("{text} = {v}");
}

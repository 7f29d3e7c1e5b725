//! A two-stage interpreter: the public input is a small assembly program. A lexer written as an
//! explicit state machine turns it into tokens, an assembler resolves labels and variable names
//! into an `Op` vector, and a stack VM runs it with a `match` on the op (compiled to a jump
//! table). Output comes from the program's `say "..."` and `print` instructions.
#![no_std]
#![no_main]

use zkvm_guest::alloc::collections::BTreeMap;
use zkvm_guest::prelude::*;

zkvm_guest::entry!(main);

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Num(i32),
    Str(String),
    Colon,
    Newline,
}

#[derive(Clone, Copy)]
enum LexState {
    Start,
    Ident,
    Num,
    Neg,
    Str,
    StrEscape,
    Comment,
}

/// Tokens with their line numbers.
fn lex(src: &[u8]) -> Vec<(Tok, u32)> {
    let mut out = Vec::new();
    let mut state = LexState::Start;
    let mut text = String::new();
    let mut num: i64 = 0;
    let mut neg = false;
    let mut line = 1u32;
    let mut i = 0;
    // One byte of lookahead is never needed: a token ends at the byte that cannot extend it, and
    // that byte is re-examined in the Start state (`continue` without advancing).
    while i <= src.len() {
        let c = if i < src.len() { src[i] } else { b'\n' }; // a final newline flushes the last token
        match state {
            LexState::Start => {
                match c {
                    b'\n' => {
                        out.push((Tok::Newline, line));
                        line += 1;
                    }
                    b' ' | b'\t' | b'\r' | b',' => {}
                    b';' | b'#' => state = LexState::Comment,
                    b':' => out.push((Tok::Colon, line)),
                    b'"' => {
                        text.clear();
                        state = LexState::Str;
                    }
                    b'-' => {
                        neg = true;
                        num = 0;
                        state = LexState::Neg;
                    }
                    b'0'..=b'9' => {
                        neg = false;
                        num = (c - b'0') as i64;
                        state = LexState::Num;
                    }
                    c if c.is_ascii_alphabetic() || c == b'_' || c == b'.' => {
                        text.clear();
                        text.push(c as char);
                        state = LexState::Ident;
                    }
                    _ => panic!("line {line}: unexpected character {:?}", c as char),
                }
                i += 1;
            }
            LexState::Ident => {
                if c.is_ascii_alphanumeric() || c == b'_' || c == b'.' {
                    text.push(c as char);
                    i += 1;
                } else {
                    out.push((Tok::Ident(text.clone()), line));
                    state = LexState::Start;
                }
            }
            LexState::Neg => {
                if !c.is_ascii_digit() {
                    panic!("line {line}: '-' must start a number");
                }
                state = LexState::Num;
            }
            LexState::Num => {
                if c.is_ascii_digit() {
                    num = num * 10 + (c - b'0') as i64;
                    if num > i32::MAX as i64 + 1 {
                        panic!("line {line}: number too large");
                    }
                    i += 1;
                } else {
                    let v = if neg { -num } else { num };
                    out.push((Tok::Num(v as i32), line));
                    state = LexState::Start;
                }
            }
            LexState::Str => {
                match c {
                    b'"' => {
                        out.push((Tok::Str(text.clone()), line));
                        state = LexState::Start;
                    }
                    b'\\' => state = LexState::StrEscape,
                    b'\n' if i >= src.len() => panic!("line {line}: unterminated string"),
                    _ => text.push(c as char),
                }
                i += 1;
            }
            LexState::StrEscape => {
                text.push(match c {
                    b'n' => '\n',
                    b't' => '\t',
                    other => other as char,
                });
                state = LexState::Str;
                i += 1;
            }
            LexState::Comment => {
                if c == b'\n' {
                    state = LexState::Start; // the newline itself is emitted by Start
                } else {
                    i += 1;
                }
            }
        }
    }
    out
}

#[derive(Debug, Clone, Copy)]
enum Op {
    Push(i32),
    Load(u8),
    Store(u8),
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Lt,
    Le,
    Eq,
    Not,
    Dup,
    Over,
    Swap,
    Pop,
    Jmp(u32),
    Jz(u32),
    Jnz(u32),
    Call(u32),
    Ret,
    Print,
    Say(u32),
    Halt,
}

struct Program {
    ops: Vec<Op>,
    strings: Vec<String>,
    vars: usize,
}

fn assemble(toks: &[(Tok, u32)]) -> Program {
    // Split into lines: [label ':'] [mnemonic [operand]]
    let mut lines: Vec<(u32, Option<String>, Option<String>, Option<Tok>)> = Vec::new();
    let mut cur: Vec<&Tok> = Vec::new();
    let mut cur_line = 1;
    for (t, line) in toks {
        if *t == Tok::Newline {
            let mut rest = &cur[..];
            let mut label = None;
            if rest.len() >= 2 && *rest[1] == Tok::Colon {
                if let Tok::Ident(l) = rest[0] {
                    label = Some(l.clone());
                    rest = &rest[2..];
                } else {
                    panic!("line {cur_line}: a label must be a name");
                }
            }
            let mnemonic = match rest.first() {
                None => None,
                Some(Tok::Ident(m)) => Some(m.clone()),
                Some(t) => panic!("line {cur_line}: expected an instruction, found {t:?}"),
            };
            if rest.len() > 2 {
                panic!("line {cur_line}: too many operands");
            }
            lines.push((cur_line, label, mnemonic, rest.get(1).map(|t| (*t).clone())));
            cur.clear();
        } else {
            cur_line = *line;
            cur.push(t);
        }
    }
    // Pass 1: label addresses.
    let mut labels: BTreeMap<String, u32> = BTreeMap::new();
    let mut pc = 0u32;
    for (line, label, mnemonic, _) in &lines {
        if let Some(l) = label {
            if labels.insert(l.clone(), pc).is_some() {
                panic!("line {line}: label {l} defined twice");
            }
        }
        if mnemonic.is_some() {
            pc += 1;
        }
    }
    // Pass 2: ops.
    let mut vars: BTreeMap<String, u8> = BTreeMap::new();
    let mut strings = Vec::new();
    let mut ops = Vec::new();
    for (line, _, mnemonic, operand) in lines {
        let Some(m) = mnemonic else { continue };
        let target = |operand: &Option<Tok>| -> u32 {
            match operand {
                Some(Tok::Ident(l)) => *labels.get(l).unwrap_or_else(|| panic!("line {line}: unknown label {l}")),
                _ => panic!("line {line}: {m} needs a label"),
            }
        };
        let mut var = |operand: &Option<Tok>| -> u8 {
            match operand {
                Some(Tok::Ident(v)) => {
                    let next = vars.len() as u8;
                    *vars.entry(v.clone()).or_insert(next)
                }
                _ => panic!("line {line}: {m} needs a variable name"),
            }
        };
        let op = match m.as_str() {
            "push" => match operand {
                Some(Tok::Num(v)) => Op::Push(v),
                _ => panic!("line {line}: push needs a number"),
            },
            "load" => Op::Load(var(&operand)),
            "store" => Op::Store(var(&operand)),
            "add" => Op::Add,
            "sub" => Op::Sub,
            "mul" => Op::Mul,
            "div" => Op::Div,
            "rem" => Op::Rem,
            "lt" => Op::Lt,
            "le" => Op::Le,
            "eq" => Op::Eq,
            "not" => Op::Not,
            "dup" => Op::Dup,
            "over" => Op::Over,
            "swap" => Op::Swap,
            "pop" => Op::Pop,
            "jmp" => Op::Jmp(target(&operand)),
            "jz" => Op::Jz(target(&operand)),
            "jnz" => Op::Jnz(target(&operand)),
            "call" => Op::Call(target(&operand)),
            "ret" => Op::Ret,
            "print" => Op::Print,
            "say" => match operand {
                Some(Tok::Str(s)) => {
                    strings.push(s);
                    Op::Say(strings.len() as u32 - 1)
                }
                _ => panic!("line {line}: say needs a string"),
            },
            "halt" => Op::Halt,
            other => panic!("line {line}: unknown instruction {other}"),
        };
        ops.push(op);
    }
    Program { ops, strings, vars: vars.len() }
}

/// Runs the program; returns the number of ops executed.
fn run(p: &Program, out: &mut String) -> u64 {
    let mut stack: Vec<i32> = Vec::with_capacity(64);
    let mut calls: Vec<u32> = Vec::new();
    let mut vars = vec![0i32; p.vars];
    let mut pc = 0usize;
    let mut steps = 0u64;
    macro_rules! pop {
        () => {
            stack.pop().unwrap_or_else(|| panic!("stack underflow at op {}", pc))
        };
    }
    loop {
        let op = *p.ops.get(pc).unwrap_or_else(|| panic!("pc {pc} ran off the program"));
        steps += 1;
        pc += 1;
        match op {
            Op::Push(v) => stack.push(v),
            Op::Load(i) => stack.push(vars[i as usize]),
            Op::Store(i) => vars[i as usize] = pop!(),
            Op::Add => {
                let b = pop!();
                let a = pop!();
                stack.push(a.wrapping_add(b));
            }
            Op::Sub => {
                let b = pop!();
                let a = pop!();
                stack.push(a.wrapping_sub(b));
            }
            Op::Mul => {
                let b = pop!();
                let a = pop!();
                stack.push(a.wrapping_mul(b));
            }
            Op::Div | Op::Rem => {
                let b = pop!();
                let a = pop!();
                if b == 0 {
                    panic!("division by zero at op {}", pc - 1);
                }
                stack.push(if matches!(op, Op::Div) { a.wrapping_div(b) } else { a.wrapping_rem(b) });
            }
            Op::Lt => {
                let b = pop!();
                let a = pop!();
                stack.push((a < b) as i32);
            }
            Op::Le => {
                let b = pop!();
                let a = pop!();
                stack.push((a <= b) as i32);
            }
            Op::Eq => {
                let b = pop!();
                let a = pop!();
                stack.push((a == b) as i32);
            }
            Op::Not => {
                let a = pop!();
                stack.push((a == 0) as i32);
            }
            Op::Dup => {
                let a = pop!();
                stack.push(a);
                stack.push(a);
            }
            Op::Over => {
                let b = pop!();
                let a = pop!();
                stack.extend_from_slice(&[a, b, a]);
            }
            Op::Swap => {
                let b = pop!();
                let a = pop!();
                stack.push(b);
                stack.push(a);
            }
            Op::Pop => {
                pop!();
            }
            Op::Jmp(t) => pc = t as usize,
            Op::Jz(t) => {
                if pop!() == 0 {
                    pc = t as usize;
                }
            }
            Op::Jnz(t) => {
                if pop!() != 0 {
                    pc = t as usize;
                }
            }
            Op::Call(t) => {
                calls.push(pc as u32);
                pc = t as usize;
            }
            Op::Ret => pc = calls.pop().unwrap_or_else(|| panic!("ret with empty call stack")) as usize,
            Op::Print => {
                let v = pop!();
                out.push_str(&format!("{v}\n"));
            }
            Op::Say(s) => out.push_str(&p.strings[s as usize]),
            Op::Halt => return steps,
        }
    }
}

fn main() {
    let src = zkvm_guest::read_public_to_end();
    let toks = lex(&src);
    let program = assemble(&toks);
    let mut out = String::new();
    let steps = run(&program, &mut out);
    print!("{out}");
    println!("[{} tokens, {} ops, {} variables, {} steps]", toks.len(), program.ops.len(), program.vars, steps);
}

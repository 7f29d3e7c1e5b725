//! Fails on purpose: reads a u32 from the public input, prints it, and panics because it is not
//! a multiple of 7. Expected: exit status 101, stdout "checking 100", stderr
//! "panicked at src/main.rs:LINE: value 100 is not a multiple of 7 (remainder 2)".
#![no_std]
#![no_main]

use zkvm_guest::prelude::*;

zkvm_guest::entry!(main);

#[inline(never)]
fn sevenths(v: u32) -> u32 {
    if v % 7 != 0 {
        panic!("value {} is not a multiple of 7 (remainder {})", v, v % 7);
    }
    v / 7
}

fn main() {
    let v = zkvm_guest::read_public_u32();
    println!("checking {v}");
    let q = sevenths(v);
    println!("{v} = 7 * {q}"); // not reached with the committed input
}

//! A zkvm guest: reads a little-endian u32 n from the public input (no limit when the public input
//! is empty) and a list of little-endian u32s from the private input, and prints how many of them are
//! below n.
#![no_std]
#![no_main]

use zkvm_guest::prelude::*;

zkvm_guest::entry!(main);

fn main() {
    let public = zkvm_guest::read_public_to_end();
    let limit = match public.get(..4) {
        Some(b) => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        None => u32::MAX,
    };
    let data = zkvm_guest::read_private_to_end();
    let below = data
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .filter(|&v| v < limit)
        .count();
    println!("{below} of {} values are below {limit}", data.len() / 4);
}

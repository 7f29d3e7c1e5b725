//! A zkvm guest: reads a little-endian u32 n from the public input and a list of little-endian
//! u32s from the private input, and prints how many of them are below n.
#![no_std]
#![no_main]

use zkvm_guest::prelude::*;

zkvm_guest::entry!(main);

fn main() {
    let limit = zkvm_guest::read_public_u32();
    let data = zkvm_guest::read_private_to_end();
    let below = data
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .filter(|&v| v < limit)
        .count();
    println!("{below} of {} values are below {limit}", data.len() / 4);
}

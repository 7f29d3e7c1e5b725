//! Sorts the private input, read as little-endian u32s, three ways (core's unstable sort, alloc's
//! stable sort, and a hand-written bottom-up merge sort), checks they agree, and prints summary
//! statistics plus a checksum of the sorted order. Only aggregates go to the public output.
#![no_std]
#![no_main]

use zkvm_guest::prelude::*;

zkvm_guest::entry!(main);

/// Bottom-up merge sort with one scratch buffer.
fn merge_sort(v: &mut Vec<u32>) {
    let n = v.len();
    let mut src = core::mem::take(v);
    let mut dst = vec![0u32; n];
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = core::cmp::min(lo + width, n);
            let hi = core::cmp::min(lo + 2 * width, n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                if src[j] < src[i] {
                    dst[k] = src[j];
                    j += 1;
                } else {
                    dst[k] = src[i];
                    i += 1;
                }
                k += 1;
            }
            dst[k..k + (mid - i)].copy_from_slice(&src[i..mid]);
            k += mid - i;
            dst[k..k + (hi - j)].copy_from_slice(&src[j..hi]);
            lo = hi;
        }
        core::mem::swap(&mut src, &mut dst);
        width *= 2;
    }
    *v = src;
}

fn main() {
    let bytes = zkvm_guest::read_private_to_end();
    if bytes.len() % 4 != 0 {
        panic!("private input is {} bytes, not a whole number of u32s", bytes.len());
    }
    let values: Vec<u32> =
        bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    drop(bytes);

    let mut a = values.clone();
    a.sort_unstable();
    let mut b = values.clone();
    b.sort();
    let mut c = values;
    merge_sort(&mut c);
    assert!(a == b, "sort_unstable and sort disagree");
    assert!(a == c, "merge sort disagrees");
    assert!(a.windows(2).all(|w| w[0] <= w[1]), "not sorted");

    let n = a.len();
    println!("n = {n}");
    if n == 0 {
        return;
    }
    let sum: u64 = a.iter().map(|&v| v as u64).sum();
    let mut distinct = a.clone();
    distinct.dedup();
    let checksum = a.iter().fold(0x811c9dc5u32, |h, &v| (h ^ v).wrapping_mul(0x01000193));
    println!("min = {}", a[0]);
    println!("max = {}", a[n - 1]);
    println!("median = {}", a[n / 2]);
    println!("sum = {sum}");
    println!("distinct = {}", distinct.len());
    println!("checksum = {checksum:08x}");
}

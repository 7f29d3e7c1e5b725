//! 64- and 128-bit integer arithmetic, which RV32IM does in software (compiler-builtins):
//! u64 Fibonacci, a factorial in i128 with signed division and remainder, u128 modular
//! multiplication, deterministic Miller-Rabin over a range of u64 numbers, and gcd.
//! Inputs come from the public input so nothing is folded at compile time:
//! u64 start, u32 count, i64 divisor, u32 n (factorial), all little-endian.
#![no_std]
#![no_main]

use zkvm_guest::prelude::*;

zkvm_guest::entry!(main);

fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    ((a as u128 * b as u128) % m as u128) as u64
}

fn pow_mod(mut b: u64, mut e: u64, m: u64) -> u64 {
    let mut r = 1 % m;
    b %= m;
    while e > 0 {
        if e & 1 == 1 {
            r = mul_mod(r, b, m);
        }
        b = mul_mod(b, b, m);
        e >>= 1;
    }
    r
}

/// Deterministic for every u64 with these bases.
fn is_prime(n: u64) -> bool {
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    if n < 2 {
        return false;
    }
    for p in BASES {
        if n % p == 0 {
            return n == p;
        }
    }
    let s = (n - 1).trailing_zeros();
    let d = (n - 1) >> s;
    'base: for a in BASES {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                continue 'base;
            }
        }
        return false;
    }
    true
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

fn main() {
    let start = zkvm_guest::read_public_u64();
    let count = zkvm_guest::read_public_u32() as u64;
    let divisor = zkvm_guest::read_public_u64() as i64;
    let n = zkvm_guest::read_public_u32();

    // Fibonacci in u64 up to the last one that fits, then its wrapping successor.
    let (mut a, mut b) = (0u64, 1u64);
    let mut k = 0;
    while let Some(next) = a.checked_add(b) {
        (a, b) = (b, next);
        k += 1;
    }
    println!("fib({}) = {} (largest u64 Fibonacci), fib({}) wraps to {}", k + 1, b, k + 2, a.wrapping_add(b));

    let mut fact: i128 = 1;
    for i in 1..=n as i128 {
        fact *= i;
    }
    let neg = -fact;
    println!("{n}! = {fact}");
    println!("-{n}! / {divisor} = {}", neg / divisor as i128);
    println!("-{n}! % {divisor} = {}", neg % divisor as i128);
    println!("-{n}! >> 7 = {}", neg >> 7);
    println!("{n}! as u128 * 3 = {}", (fact as u128).wrapping_mul(3));
    println!("(-{n}!).rem_euclid({divisor}) = {}", neg.rem_euclid(divisor as i128));

    let m = start | 1;
    println!("{start} * {divisor} mod {m} = {}", mul_mod(start, divisor.unsigned_abs(), m));
    println!("i64: {divisor} / 7 = {} rem {}, squared wraps to {}", divisor / 7, divisor % 7, divisor.wrapping_mul(divisor));

    let mut primes: Vec<u64> = Vec::new();
    for x in start..start + count {
        if is_prime(x) {
            primes.push(x);
        }
    }
    println!("primes in [{start}, {}): {}", start + count, primes.len());
    for p in &primes {
        println!("  {p}");
    }
    println!("gcd({}, {}) = {}", start, start / 3 * 2, gcd(start, start / 3 * 2));
    let hi = (start as u128) << 64 | divisor as u64 as u128;
    println!("u128 {hi} / {start} = {} rem {}", hi / start as u128, hi % start as u128);
    println!("leading zeros {} trailing zeros {} popcount {}", hi.leading_zeros(), hi.trailing_zeros(), hi.count_ones());
}

//! Runtime for zkvm guests written in Rust: a `no_std` crate that needs only `core` and `alloc`.
//!
//! A guest is a `#![no_std]`, `#![no_main]` binary that names its entry function with
//! [`entry!`]:
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//! use zkvm_guest::prelude::*;
//!
//! zkvm_guest::entry!(main);
//!
//! fn main() {
//!     let input = zkvm_guest::read_public_to_end();
//!     println!("{} public bytes", input.len());
//! }
//! ```
//!
//! What the crate provides:
//! - `_start` (in `.text.init`): sets `gp` and `sp`, zeroes `.sbss`/`.bss`, calls the entry
//!   function, then exits with its status (see [`Termination`]).
//! - a `#[panic_handler]` (feature `panic-handler`) that writes
//!   `panicked at FILE:LINE: MESSAGE` to fd 2 and exits with code 101, like Rust's `std`.
//! - a `#[global_allocator]` (feature `allocator`) over `__heap_start..__heap_end`, so `Vec`,
//!   `String`, `Box` and `format!` work.
//! - I/O over the guest ABI (an `ecall` with the Linux RISC-V syscall number in `a7`, so the
//!   same ELF also runs under `qemu-riscv32`): private input on fd 0, public input on fd 3,
//!   public output on fd 1, debug log on fd 2.
//! - the linker script `zkvm-guest.ld` next to `Cargo.toml`, put on the linker search path by
//!   `build.rs`; the guest project links with `-C link-arg=-Tzkvm-guest.ld`.
#![no_std]
#![warn(missing_docs)]

#[cfg(not(target_arch = "riscv32"))]
compile_error!(
    "zkvm-guest only builds for riscv32im-unknown-none-elf; build the guest with `zkvm build` \
     or cargo with `--target riscv32im-unknown-none-elf` (see the project template)"
);

/// The `alloc` crate, re-exported so guests can use collections without `extern crate alloc`.
pub extern crate alloc;

pub mod heap;
pub mod io;
pub mod rt;
pub mod syscall;

pub use io::{
    log, read_private, read_private_exact, read_private_to_end, read_private_u32,
    read_private_u64, read_public, read_public_exact, read_public_to_end, read_public_u32,
    read_public_u64, write_public, write_public_u32, write_public_u64, write_log,
};
pub use rt::{exit, Termination};

/// The names most guests want in scope: `Vec`, `String`, `Box`, `ToString`, `ToOwned`, `vec!`,
/// `format!` and this crate's printing macros.
pub mod prelude {
    pub use crate::alloc::borrow::ToOwned;
    pub use crate::alloc::boxed::Box;
    pub use crate::alloc::format;
    pub use crate::alloc::string::{String, ToString};
    pub use crate::alloc::vec;
    pub use crate::alloc::vec::Vec;
    pub use crate::{eprint, eprintln, print, println};
}

//! Start-up, entry point, exit and panics.

use crate::io::FdWriter;
use crate::syscall::{sys_exit, FD_LOG};

// `_start` is the ELF entry (the linker script says ENTRY(_start) and puts `.text.init` first).
// - gp: loaded with relaxation off, otherwise the linker could "relax" `la gp, ...` into a
//   gp-relative computation of gp itself.
// - sp: the top of the 1 MiB stack section, 16-byte aligned as the psABI requires.
// - .sbss/.bss: zeroed word by word (the linker script aligns both ends to 4). The heap and stack
//   are not touched: fresh memory is zero under both qemu-user and the zkVM, and the allocator
//   does not rely on it.
// - then the guest's entry (defined by `entry!`), whose return value is the exit status.
core::arch::global_asm!(
    r#"
    .section .text.init, "ax", @progbits
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __stack_top
    la t0, __bss_start
    la t1, __bss_end
1:
    bgeu t0, t1, 2f
    sw zero, 0(t0)
    addi t0, t0, 4
    j 1b
2:
    call __zkvm_main
    li a7, 93
    ecall
3:
    j 3b
    .size _start, . - _start
"#
);

/// Ends the guest with exit status `code` (0 = success). Output already written stays written.
pub fn exit(code: i32) -> ! {
    sys_exit(code)
}

/// What an entry function may return, turned into the exit status (like `std::process::Termination`):
/// `()` is 0, an `i32` is itself, `Ok(())` is 0 and `Err(e)` prints `Error: {e:?}` to the log and is 1.
pub trait Termination {
    /// The exit status for this value.
    fn report(self) -> i32;
}

impl Termination for () {
    fn report(self) -> i32 {
        0
    }
}

impl Termination for i32 {
    fn report(self) -> i32 {
        self
    }
}

impl<T: Termination, E: core::fmt::Debug> Termination for Result<T, E> {
    fn report(self) -> i32 {
        match self {
            Ok(v) => v.report(),
            Err(e) => {
                crate::eprintln!("Error: {e:?}");
                1
            }
        }
    }
}

/// Declares the guest's entry function: `zkvm_guest::entry!(main);` with `fn main()` (or one
/// returning a [`Termination`] type such as `i32` or `Result<(), E>`). It expands to the
/// `__zkvm_main` symbol that `_start` calls; a guest without it fails to link with
/// "undefined symbol: __zkvm_main".
#[macro_export]
macro_rules! entry {
    ($path:path) => {
        #[doc(hidden)]
        #[unsafe(no_mangle)]
        pub extern "C" fn __zkvm_main() -> i32 {
            // The fn-pointer binding checks the signature with a readable error.
            let f: fn() -> _ = $path;
            $crate::Termination::report(f())
        }
    };
}

#[cfg(feature = "panic-handler")]
mod panic {
    use super::*;
    use core::fmt::Write;
    use core::sync::atomic::{AtomicBool, Ordering};

    /// Set on the first panic, so a panic inside the panic handler (say, a `Display` impl that
    /// panics) cannot recurse forever.
    static PANICKING: AtomicBool = AtomicBool::new(false);

    #[panic_handler]
    fn panic(info: &core::panic::PanicInfo<'_>) -> ! {
        // Plain load + store: the target has no compare-and-swap and the guest is single-threaded.
        if PANICKING.load(Ordering::Relaxed) {
            let mut w = FdWriter::new(FD_LOG);
            w.push(b"panicked while processing panic\n");
            drop(w);
            sys_exit(101);
        }
        PANICKING.store(true, Ordering::Relaxed);
        // No allocation here: the panic may be an out-of-memory one.
        let mut w = FdWriter::new(FD_LOG);
        let _ = match info.location() {
            Some(loc) => write!(w, "panicked at {}:{}: {}\n", loc.file(), loc.line(), info.message()),
            None => write!(w, "panicked at <unknown>: {}\n", info.message()),
        };
        drop(w);
        sys_exit(101) // the status Rust's std uses for a panicking main
    }
}

//! Raw system calls of the guest ABI: `ecall` with the syscall number in `a7` and arguments in
//! `a0..a2`, result in `a0`. The numbers are Linux RISC-V's, which is what lets `qemu-riscv32`
//! (user mode) run a guest ELF unchanged as a reference.

/// `read(fd, buf, len)`: returns the number of bytes read, 0 at the end of the input.
pub const SYS_READ: u32 = 63;
/// `write(fd, buf, len)`: returns the number of bytes written.
pub const SYS_WRITE: u32 = 64;
/// `exit(code)`: does not return.
pub const SYS_EXIT: u32 = 93;

/// Private input (the witness); never revealed by a proof.
pub const FD_PRIVATE: u32 = 0;
/// Public output (the journal); bound into a proof.
pub const FD_PUBLIC_OUT: u32 = 1;
/// Debug log; not part of a proof.
pub const FD_LOG: u32 = 2;
/// Public input; bound into a proof.
pub const FD_PUBLIC_IN: u32 = 3;

/// `read` system call: reads at most `len` bytes from `fd` into `buf`.
///
/// # Safety
/// `buf..buf+len` must be writable memory.
#[inline(always)]
pub unsafe fn sys_read(fd: u32, buf: *mut u8, len: usize) -> isize {
    let ret: isize;
    // SAFETY: the caller guarantees the buffer; the ecall only writes inside it.
    unsafe {
        core::arch::asm!(
            "ecall",
            in("a7") SYS_READ,
            inlateout("a0") fd as isize => ret,
            in("a1") buf,
            in("a2") len,
            options(nostack),
        );
    }
    ret
}

/// `write` system call: writes `len` bytes from `buf` to `fd`, returns how many were written.
///
/// # Safety
/// `buf..buf+len` must be readable memory.
#[inline(always)]
pub unsafe fn sys_write(fd: u32, buf: *const u8, len: usize) -> isize {
    let ret: isize;
    // SAFETY: the caller guarantees the buffer; the ecall only reads it.
    unsafe {
        core::arch::asm!(
            "ecall",
            in("a7") SYS_WRITE,
            inlateout("a0") fd as isize => ret,
            in("a1") buf,
            in("a2") len,
            options(nostack, readonly),
        );
    }
    ret
}

/// `exit` system call: ends the guest with `code` (0 = success).
#[inline(always)]
pub fn sys_exit(code: i32) -> ! {
    // SAFETY: exit takes no memory arguments and never returns.
    unsafe {
        core::arch::asm!("ecall", in("a7") SYS_EXIT, in("a0") code, options(noreturn, nostack));
    }
}

//! Reading the guest's inputs and writing its outputs.
//!
//! Four streams: private input (fd 0), public input (fd 3), public output (fd 1) and the debug
//! log (fd 2). Reads fill the whole buffer unless the input ends first; writes loop until every
//! byte is accepted. Multi-byte values are little-endian.

use crate::alloc::vec::Vec;
use crate::syscall::{sys_read, sys_write, FD_LOG, FD_PRIVATE, FD_PUBLIC_IN, FD_PUBLIC_OUT};
use core::fmt;

/// Reads from `fd` until `buf` is full or the input ends; returns the number of bytes read.
fn read_fd(fd: u32, buf: &mut [u8]) -> usize {
    let mut done = 0;
    while done < buf.len() {
        // SAFETY: the range is inside `buf`.
        let n = unsafe { sys_read(fd, buf.as_mut_ptr().add(done), buf.len() - done) };
        if n <= 0 {
            break; // 0 = end of input; a negative result (no such stream) reads as empty too
        }
        done += n as usize;
    }
    done
}

/// Reads everything left on `fd`.
fn read_fd_to_end(fd: u32) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    loop {
        // Grow geometrically so a large input costs O(log n) reallocations, and read straight
        // into the spare capacity (no zero-fill, no intermediate buffer).
        if out.capacity() - out.len() < 1024 {
            out.reserve(core::cmp::max(4096, out.len()));
        }
        let spare = out.capacity() - out.len();
        // SAFETY: `spare` bytes after `len` are allocated; set_len only covers what was written.
        let n = unsafe { sys_read(fd, out.as_mut_ptr().add(out.len()), spare) };
        if n <= 0 {
            return out;
        }
        unsafe { out.set_len(out.len() + n as usize) };
    }
}

/// Reads exactly `buf.len()` bytes or panics naming the stream.
fn read_fd_exact(fd: u32, buf: &mut [u8], what: &str) {
    let n = read_fd(fd, buf);
    if n != buf.len() {
        panic!("{what} input ended after {n} of {} bytes", buf.len());
    }
}

/// Writes all of `bytes` to `fd`; stops early only if the host refuses bytes.
fn write_fd(fd: u32, bytes: &[u8]) {
    let mut done = 0;
    while done < bytes.len() {
        // SAFETY: the range is inside `bytes`.
        let n = unsafe { sys_write(fd, bytes.as_ptr().add(done), bytes.len() - done) };
        if n <= 0 {
            return; // nothing sensible to do: the log and output have no error channel
        }
        done += n as usize;
    }
}

/// Reads private input (fd 0) until `buf` is full or the input ends; returns the bytes read.
pub fn read_private(buf: &mut [u8]) -> usize {
    read_fd(FD_PRIVATE, buf)
}

/// Reads public input (fd 3) until `buf` is full or the input ends; returns the bytes read.
pub fn read_public(buf: &mut [u8]) -> usize {
    read_fd(FD_PUBLIC_IN, buf)
}

/// Reads the rest of the private input (fd 0).
pub fn read_private_to_end() -> Vec<u8> {
    read_fd_to_end(FD_PRIVATE)
}

/// Reads the rest of the public input (fd 3).
pub fn read_public_to_end() -> Vec<u8> {
    read_fd_to_end(FD_PUBLIC_IN)
}

/// Fills `buf` from the private input; panics if the input ends first.
pub fn read_private_exact(buf: &mut [u8]) {
    read_fd_exact(FD_PRIVATE, buf, "private")
}

/// Fills `buf` from the public input; panics if the input ends first.
pub fn read_public_exact(buf: &mut [u8]) {
    read_fd_exact(FD_PUBLIC_IN, buf, "public")
}

/// Reads a little-endian `u32` from the private input; panics if the input ends first.
pub fn read_private_u32() -> u32 {
    let mut b = [0u8; 4];
    read_private_exact(&mut b);
    u32::from_le_bytes(b)
}

/// Reads a little-endian `u64` from the private input; panics if the input ends first.
pub fn read_private_u64() -> u64 {
    let mut b = [0u8; 8];
    read_private_exact(&mut b);
    u64::from_le_bytes(b)
}

/// Reads a little-endian `u32` from the public input; panics if the input ends first.
pub fn read_public_u32() -> u32 {
    let mut b = [0u8; 4];
    read_public_exact(&mut b);
    u32::from_le_bytes(b)
}

/// Reads a little-endian `u64` from the public input; panics if the input ends first.
pub fn read_public_u64() -> u64 {
    let mut b = [0u8; 8];
    read_public_exact(&mut b);
    u64::from_le_bytes(b)
}

/// Appends bytes to the public output (fd 1).
pub fn write_public(bytes: &[u8]) {
    write_fd(FD_PUBLIC_OUT, bytes)
}

/// Appends a little-endian `u32` to the public output.
pub fn write_public_u32(v: u32) {
    write_public(&v.to_le_bytes())
}

/// Appends a little-endian `u64` to the public output.
pub fn write_public_u64(v: u64) {
    write_public(&v.to_le_bytes())
}

/// Writes bytes to the debug log (fd 2).
pub fn write_log(bytes: &[u8]) {
    write_fd(FD_LOG, bytes)
}

/// Writes a line to the debug log (fd 2): `msg` followed by a newline.
pub fn log(msg: &str) {
    let mut w = FdWriter::new(FD_LOG);
    w.push(msg.as_bytes());
    w.push(b"\n");
}

/// A `core::fmt::Write` sink for one stream that batches small pieces in a stack buffer, so
/// `println!("{a} {b}")` costs one `write` system call instead of one per piece; each syscall is
/// a trip to the host in the zkVM. Flushes when full and when dropped.
pub struct FdWriter {
    fd: u32,
    len: usize,
    buf: [u8; 256],
}

impl FdWriter {
    /// A writer for file descriptor `fd` (1 = public output, 2 = log).
    pub const fn new(fd: u32) -> Self {
        FdWriter { fd, len: 0, buf: [0; 256] }
    }

    /// Queues `bytes`, flushing first if they do not fit; larger pieces go straight out.
    pub fn push(&mut self, bytes: &[u8]) {
        if bytes.len() > self.buf.len() - self.len {
            self.flush();
            if bytes.len() >= self.buf.len() {
                write_fd(self.fd, bytes);
                return;
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    /// Writes out what is queued.
    pub fn flush(&mut self) {
        if self.len > 0 {
            write_fd(self.fd, &self.buf[..self.len]);
            self.len = 0;
        }
    }
}

impl fmt::Write for FdWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push(s.as_bytes());
        Ok(())
    }
}

impl Drop for FdWriter {
    fn drop(&mut self) {
        self.flush();
    }
}

#[doc(hidden)]
pub fn _print(fd: u32, args: fmt::Arguments<'_>) {
    let mut w = FdWriter::new(fd);
    // A Display impl may fail; like std's print!, that is the only error and it is not recoverable
    // here, so it panics with a clear message.
    if fmt::Write::write_fmt(&mut w, args).is_err() {
        drop(w);
        panic!("formatting error in print!/eprint!");
    }
}

/// Prints to the public output (fd 1), like `std::print!`.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { $crate::io::_print($crate::syscall::FD_PUBLIC_OUT, format_args!($($arg)*)) };
}

/// Prints a line to the public output (fd 1), like `std::println!`.
#[macro_export]
macro_rules! println {
    () => { $crate::io::_print($crate::syscall::FD_PUBLIC_OUT, format_args!("\n")) };
    ($($arg:tt)*) => {
        $crate::io::_print($crate::syscall::FD_PUBLIC_OUT, format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Prints to the debug log (fd 2), like `std::eprint!`.
#[macro_export]
macro_rules! eprint {
    ($($arg:tt)*) => { $crate::io::_print($crate::syscall::FD_LOG, format_args!($($arg)*)) };
}

/// Prints a line to the debug log (fd 2), like `std::eprintln!`.
#[macro_export]
macro_rules! eprintln {
    () => { $crate::io::_print($crate::syscall::FD_LOG, format_args!("\n")) };
    ($($arg:tt)*) => {
        $crate::io::_print($crate::syscall::FD_LOG, format_args!("{}\n", format_args!($($arg)*)))
    };
}

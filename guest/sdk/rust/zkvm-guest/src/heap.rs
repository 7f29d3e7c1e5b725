//! The guest heap: a size-class free-list allocator over `__heap_start..__heap_end` (16 MiB by
//! default, set by the linker script).
//!
//! Every request is rounded up to a power of two (at least 8 bytes) and served from that class's
//! free list, or else carved from a bump pointer. Freed blocks go back to their class's list, and
//! the most recently carved block is returned to the bump pointer instead, so stack-like use does
//! not fragment. `realloc` keeps the block when the new size still fits its class and grows the
//! last carved block in place, so a single growing `Vec`/`String` costs no copies beyond the
//! first. It is simple on purpose: a few instructions per call, no headers, no coalescing. The
//! guest is single-threaded, so no locking.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr;

extern "C" {
    static __heap_start: u8;
    static __heap_end: u8;
}

/// Blocks are carved at (at least) this alignment, so a free-list block serves any request
/// with `align <= MIN_ALIGN`; over-aligned requests always take fresh memory.
const MIN_ALIGN: usize = 8;
/// Classes 2^3 .. 2^31.
const CLASSES: usize = 32;

struct State {
    /// Next free byte of the never-used part of the heap; 0 until the first allocation.
    next: usize,
    /// Head of the free list of each class (0 = empty); the first word of a free block links on.
    free: [usize; CLASSES],
}

/// The allocator; installed as `#[global_allocator]` when the `allocator` feature is on.
pub struct Heap {
    state: UnsafeCell<State>,
}

// SAFETY: guests are single-threaded; there is no concurrent access to `state`.
unsafe impl Sync for Heap {}

impl Heap {
    /// An allocator with nothing allocated yet.
    pub const fn new() -> Self {
        Heap { state: UnsafeCell::new(State { next: 0, free: [0; CLASSES] }) }
    }

    /// Bytes between the start of the heap and the bump pointer (a high-water mark: freed blocks
    /// still count, since they stay on free lists).
    pub fn used(&self) -> usize {
        // SAFETY: single-threaded read.
        let s = unsafe { &*self.state.get() };
        if s.next == 0 {
            0
        } else {
            s.next - heap_start()
        }
    }
}

impl Default for Heap {
    fn default() -> Self {
        Self::new()
    }
}

fn heap_start() -> usize {
    // Taking the address of an extern static is safe; it is never read.
    ptr::addr_of!(__heap_start) as usize
}

fn heap_end() -> usize {
    // As above.
    ptr::addr_of!(__heap_end) as usize
}

/// Class index and block size for a layout, or None if it cannot be served at all.
#[inline]
fn class_of(layout: &Layout) -> Option<(usize, usize)> {
    let want = core::cmp::max(core::cmp::max(layout.size(), layout.align()), MIN_ALIGN);
    let size = want.checked_next_power_of_two()?;
    Some((size.trailing_zeros() as usize, size))
}

impl State {
    #[inline]
    fn bump(&mut self, size: usize, align: usize) -> *mut u8 {
        if self.next == 0 {
            self.next = heap_start();
        }
        let align = core::cmp::max(align, MIN_ALIGN);
        let start = match self.next.checked_add(align - 1) {
            Some(v) => v & !(align - 1),
            None => return ptr::null_mut(),
        };
        match start.checked_add(size) {
            Some(end) if end <= heap_end() => {
                self.next = end;
                start as *mut u8
            }
            _ => ptr::null_mut(), // alloc turns null into handle_alloc_error -> panic
        }
    }
}

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: single-threaded; no other reference to the state is live.
        let s = unsafe { &mut *self.state.get() };
        let Some((class, size)) = class_of(&layout) else { return ptr::null_mut() };
        let head = s.free[class];
        if head != 0 && layout.align() <= MIN_ALIGN {
            // SAFETY: `head` is a free block of this class; its first word holds the link.
            s.free[class] = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        s.bump(size, layout.align())
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        // SAFETY: single-threaded; `p` came from `alloc` with this layout.
        let s = unsafe { &mut *self.state.get() };
        let Some((class, size)) = class_of(&layout) else { return };
        let addr = p as usize;
        if addr + size == s.next {
            s.next = addr; // the last carved block: give it back to the bump pointer
            return;
        }
        // SAFETY: the block is at least 8 bytes and 8-aligned, and no longer in use.
        unsafe { *(addr as *mut usize) = s.free[class] };
        s.free[class] = addr;
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `new_size` rounded to `layout.align()` does not overflow (GlobalAlloc contract).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let (Some((_, old_block)), Some((_, new_block))) = (class_of(&layout), class_of(&new_layout))
        else {
            return ptr::null_mut();
        };
        // Shrinking, or growing within the class: keep the block. A later dealloc with the
        // smaller layout files it under a smaller class, which only wastes the tail.
        if new_block <= old_block {
            return p;
        }
        {
            // SAFETY: single-threaded; this borrow ends before alloc/dealloc below.
            let s = unsafe { &mut *self.state.get() };
            let addr = p as usize;
            if addr + old_block == s.next {
                if let Some(end) = addr.checked_add(new_block) {
                    if end <= heap_end() {
                        s.next = end; // the last carved block grows in place
                        return p;
                    }
                }
            }
        }
        // SAFETY: standard move: fresh block, copy the old contents, free the old block.
        unsafe {
            let q = self.alloc(new_layout);
            if !q.is_null() {
                ptr::copy_nonoverlapping(p, q, core::cmp::min(layout.size(), new_size));
                self.dealloc(p, layout);
            }
            q
        }
    }
}

#[cfg(feature = "allocator")]
#[global_allocator]
static HEAP: Heap = Heap::new();

/// Bytes of heap carved so far (a high-water mark), when this crate's allocator is installed.
#[cfg(feature = "allocator")]
pub fn heap_used() -> usize {
    HEAP.used()
}

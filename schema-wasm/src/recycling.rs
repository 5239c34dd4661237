//! A global allocator that keeps freed small blocks on one free list per size class and hands them
//! out again, in front of a general allocator that serves everything else. A validation allocates
//! and frees the same few small blocks (a string per key and value, a node per object), so after
//! the first document nearly every allocation is a pop and every free a push. Small blocks are never
//! given back: the memory they hold is the most that were ever live at once, which the document size
//! limit (16 KiB) bounds.

use std::{
    alloc::{GlobalAlloc, Layout},
    cell::UnsafeCell,
    ptr,
};

/// Block sizes are multiples of this; it is also the alignment every small block has.
const GRANULE: usize = 16;
/// Size classes: blocks of up to `GRANULE * CLASSES` bytes are recycled.
const CLASSES: usize = 16;

pub struct Recycling<A> {
    general: A,
    /// The head of each class's free list; a free block holds the address of the next one.
    free: UnsafeCell<[*mut u8; CLASSES]>,
}

// SAFETY: only for builds with a single thread (wasm32 without atomics), where nothing can touch
// the free lists concurrently.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
unsafe impl<A: Sync> Sync for Recycling<A> {}

impl<A> Recycling<A> {
    pub const fn new(general: A) -> Self {
        Self {
            general,
            free: UnsafeCell::new([ptr::null_mut(); CLASSES]),
        }
    }
}

/// The size class of a layout, if it is small enough to recycle.
fn class_of(layout: Layout) -> Option<usize> {
    let small = layout.size() > 0 && layout.size() <= GRANULE * CLASSES;
    (small && layout.align() <= GRANULE).then(|| (layout.size() - 1) / GRANULE)
}

fn class_layout(class: usize) -> Layout {
    Layout::from_size_align((class + 1) * GRANULE, GRANULE).expect("a valid size class")
}

unsafe impl<A: GlobalAlloc> GlobalAlloc for Recycling<A> {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return unsafe { self.general.alloc(layout) };
        };
        // SAFETY: one thread (see `Sync`), and no other reference to the lists is alive.
        let free = unsafe { &mut *self.free.get() };
        let block = free[class];
        if block.is_null() {
            return unsafe { self.general.alloc(class_layout(class)) };
        }
        // SAFETY: a block on a free list was allocated for this class and holds the next one.
        free[class] = unsafe { block.cast::<*mut u8>().read() };
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else {
            return unsafe { self.general.dealloc(block, layout) };
        };
        // SAFETY: as in `alloc`; the block is at least GRANULE bytes and GRANULE-aligned.
        let free = unsafe { &mut *self.free.get() };
        unsafe { block.cast::<*mut u8>().write(free[class]) };
        free[class] = block;
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `GlobalAlloc::realloc`'s contract guarantees this layout is valid.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (class_of(layout), class_of(new_layout)) {
            (None, None) => unsafe { self.general.realloc(block, layout, new_size) },
            (Some(old), Some(new)) if old == new => block,
            _ => {
                let moved = unsafe { self.alloc(new_layout) };
                if !moved.is_null() {
                    let kept = layout.size().min(new_size);
                    // SAFETY: both blocks hold at least `kept` bytes and are distinct.
                    unsafe { ptr::copy_nonoverlapping(block, moved, kept) };
                    unsafe { self.dealloc(block, layout) };
                }
                moved
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::alloc::System;

    use super::*;

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).unwrap()
    }

    #[test]
    fn a_freed_small_block_is_handed_out_again_for_its_class_only() {
        let allocator = Recycling::new(System);
        unsafe {
            let first = allocator.alloc(layout(20, 8));
            allocator.dealloc(first, layout(20, 8));
            assert_eq!(
                allocator.alloc(layout(32, 1)),
                first,
                "same class (17..=32 bytes)"
            );
            let other = allocator.alloc(layout(33, 8));
            assert_ne!(other, first);
            allocator.dealloc(first, layout(32, 1));
            allocator.dealloc(other, layout(33, 8));
        }
    }

    #[test]
    fn blocks_in_use_never_overlap_and_keep_their_bytes() {
        let allocator = Recycling::new(System);
        let layouts: Vec<Layout> = (1..=600)
            .map(|size| layout(size, [1, 2, 4, 8, 16, 32][size % 6]))
            .collect();
        unsafe {
            for round in 0..3u8 {
                let blocks: Vec<*mut u8> = layouts.iter().map(|&l| allocator.alloc(l)).collect();
                for (index, (&block, l)) in blocks.iter().zip(&layouts).enumerate() {
                    assert!(!block.is_null() && (block as usize).is_multiple_of(l.align()));
                    ptr::write_bytes(block, (index as u8) ^ round, l.size());
                }
                for (index, (&block, l)) in blocks.iter().zip(&layouts).enumerate() {
                    let bytes = std::slice::from_raw_parts(block, l.size());
                    assert!(
                        bytes.iter().all(|&b| b == (index as u8) ^ round),
                        "block {index}"
                    );
                    allocator.dealloc(block, *l);
                }
            }
        }
    }

    #[test]
    fn realloc_keeps_the_bytes_across_classes_and_to_the_general_allocator() {
        let allocator = Recycling::new(System);
        unsafe {
            let mut block = allocator.alloc(layout(8, 8));
            ptr::copy_nonoverlapping(b"ride-rec".as_ptr(), block, 8);
            let mut size = 8;
            for new_size in [12, 100, 1000, 5000, 200, 8] {
                block = allocator.realloc(block, layout(size, 8), new_size);
                size = new_size;
                assert_eq!(std::slice::from_raw_parts(block, 8), b"ride-rec");
            }
            allocator.dealloc(block, layout(size, 8));
        }
    }
}

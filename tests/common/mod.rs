//! Helpers shared by the browser test crates (`tests/bench.rs`, `tests/abbr_scan.rs`).

/// Deterministic pseudo-random numbers (xorshift), so every run uses the same data and a failure
/// can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

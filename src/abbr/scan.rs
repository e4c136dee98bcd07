//! One pass over a text that finds where an abbreviation can start, where each of those words
//! ends, and whether the text is already NFC.
//!
//! - **Candidates.** A key can only start where its first byte is, after a byte that is not an
//!   ASCII letter or digit (no word character may precede a match), and before one of the keys'
//!   second bytes. In
//!   Vietnamese prose that leaves one position in thirty (the capitalised words), where a
//!   first-byte test alone stops at one in seven.
//! - **Word ends.** A byte "stops" a word unless it surely belongs to a letter or digit: ASCII
//!   letters and digits, UTF-8 continuation bytes, and the lead bytes of U+00C0–U+027F (Latin
//!   letters and the IPA, but × and ÷) and of ạ–ỹ. [`super::Glossary`] decides the other non-ASCII characters one by one (a combining mark
//!   continues a word, “ does not).
//! - **NFC.** A character whose first byte is 0xCC or more, except ạ–ỹ, is a "suspect" that NFC
//!   might change, checked on its own ([`nfc_stable_at`]); prose without combining marks has none
//!   but curly quotes and dashes.
//!
//! The SIMD build (the `simd` feature, on by default, which the loader serves to browsers with
//! wasm SIMD128) computes all three for sixteen positions at a time, without branches. The
//! portable scan (the build for the other browsers, native tests, and the reference the SIMD scan
//! is tested against in the browser) finds the same candidates byte by byte and leaves word ends
//! to the glossary.

/// A set of bytes, kept in the form each scan reads.
#[derive(Debug, Clone)]
struct ByteSet {
    /// One flag per byte value (portable scan).
    flags: [bool; 256],
    /// For each low nibble, a bit per high nibble 0–7 (`[0]`) and 8–15 (`[1]`): a set of 256
    /// bytes as two 16-byte tables, which a SIMD swizzle can read.
    #[cfg_attr(not(all(target_arch = "wasm32", feature = "simd")), allow(dead_code))]
    nibbles: [[u8; 16]; 2],
}

impl ByteSet {
    fn new(bytes: impl IntoIterator<Item = u8>) -> Self {
        let mut set = ByteSet {
            flags: [false; 256],
            nibbles: [[0; 16]; 2],
        };
        for b in bytes {
            set.flags[usize::from(b)] = true;
            set.nibbles[usize::from(b >> 7)][usize::from(b & 0x0F)] |= 1 << ((b >> 4) & 7);
        }
        set
    }
}

/// The first and second bytes of a glossary's keys, built once per glossary.
#[derive(Debug, Clone)]
pub(super) struct Scanner {
    first: ByteSet,
    second: ByteSet,
}

/// Where a key can start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Candidate {
    /// Its byte offset.
    pub(super) at: usize,
    /// Bytes from `at` to the first byte that stops the word, when the scan knows.
    pub(super) word: Option<usize>,
}

/// The text is not surely NFC: normalise it and scan again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NotNfc;

/// Filler outside the text. It is no ASCII letter or digit, so the text's start is a word start
/// and its end stops a word; it is below 0xCC, so it is no NFC suspect.
const PAD: u8 = 0;

impl Scanner {
    /// The scanner for these (non-empty, NFC) keys.
    pub(super) fn new<'k>(keys: impl IntoIterator<Item = &'k str>) -> Self {
        let (mut first, mut second) = (Vec::new(), Vec::new());
        for key in keys {
            let bytes = key.as_bytes();
            first.extend(bytes.first());
            match bytes.get(1) {
                Some(&b) => second.push(b),
                // A one-byte key may be followed by anything.
                None => second.extend(0..=255),
            }
        }
        Scanner {
            first: ByteSet::new(first),
            second: ByteSet::new(second),
        }
    }

    /// Calls `found` with each candidate in order; `found` returns the offset to go on from (past
    /// a match, so matches never overlap). With `check_nfc`, fails with [`NotNfc`] when some
    /// character might change under NFC.
    pub(super) fn scan(
        &self,
        bytes: &[u8],
        check_nfc: bool,
        found: impl FnMut(Candidate) -> usize,
    ) -> Result<(), NotNfc> {
        #[cfg(all(target_arch = "wasm32", feature = "simd"))]
        {
            simd::scan(self, bytes, check_nfc, found)
        }
        #[cfg(not(all(target_arch = "wasm32", feature = "simd")))]
        {
            self.scan_portable(bytes, check_nfc, found)
        }
    }

    /// [`Scanner::scan`] without SIMD, whatever the build. Byte-at-a-time code cannot afford the
    /// three tests at every position: it skips to the next key's first byte and checks the other
    /// two there.
    pub(super) fn scan_portable(
        &self,
        bytes: &[u8],
        check_nfc: bool,
        mut found: impl FnMut(Candidate) -> usize,
    ) -> Result<(), NotNfc> {
        if check_nfc && !nfc_stable(bytes) {
            return Err(NotNfc);
        }
        let mut at = 0;
        while let Some(skip) = bytes
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| self.first.flags[usize::from(b)]))
        {
            at += skip;
            let before = at.checked_sub(1).map_or(PAD, |i| bytes[i]);
            let after = bytes.get(at + 1).copied().unwrap_or(PAD);
            at = if !before.is_ascii_alphanumeric() && self.second.flags[usize::from(after)] {
                found(Candidate { at, word: None }).max(at + 1)
            } else {
                at + 1
            };
        }
        Ok(())
    }
}

/// True when NFC cannot change `bytes` (see [`nfc_stable_at`]): nearly all Vietnamese text.
pub(super) fn nfc_stable(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .enumerate()
        .all(|(i, &b)| b < 0xCC || nfc_stable_at(bytes, i))
}

/// Whether NFC leaves the character whose first byte is at `i` alone, judged by a short list:
/// below U+0300 (no combining marks), ạ–ỹ (U+1E00–U+1EFF), general punctuation U+2002–U+206F and
/// currency signs U+20A0–U+20BF (₫ included). Anything else counts as a change.
pub(super) fn nfc_stable_at(bytes: &[u8], i: usize) -> bool {
    let at = |k: usize| bytes.get(i + k).copied();
    match at(0) {
        Some(0..=0xCB) | None => true,
        Some(b) => matches!(
            (b, at(1), at(2)),
            (0xE1, Some(0xB8..=0xBB), _)
                | (0xE2, Some(0x80), Some(0x82..=0xBF))
                | (0xE2, Some(0x81), Some(0x80..=0xAF))
                | (0xE2, Some(0x82), Some(0xA0..=0xBF))
        ),
    }
}

/// The three tests on sixteen positions at once.
#[cfg(all(target_arch = "wasm32", feature = "simd"))]
mod simd {
    use core::arch::wasm32::*;

    use super::{nfc_stable_at, ByteSet, Candidate, NotNfc, Scanner, PAD};

    /// Sixteen positions and one byte on each side: `w[k + 1]` is position `k` of the block.
    type Window = [u8; 18];

    /// What a block holds; bit `k` is position `k`.
    #[derive(Clone, Copy)]
    struct Masks {
        starts: u16,
        stops: u16,
        suspects: u16,
    }

    /// The scan loop. It works one block behind the masks it computes, so that a word starting
    /// near the end of a block can be followed into the next one. SIMD instructions are only
    /// inlined into code compiled for them: every SIMD helper is `#[inline(always)]`.
    #[target_feature(enable = "simd128")]
    pub(super) fn scan(
        scanner: &Scanner,
        bytes: &[u8],
        check_nfc: bool,
        mut found: impl FnMut(Candidate) -> usize,
    ) -> Result<(), NotNfc> {
        if bytes.is_empty() {
            return Ok(());
        }
        let mut resume = 0;
        let mut start = 0;
        let mut current = block_at(scanner, bytes, 0);
        loop {
            let next_start = start + 16;
            let next = (next_start < bytes.len()).then(|| block_at(scanner, bytes, next_start));
            let mut suspects = if check_nfc { current.suspects } else { 0 };
            while suspects != 0 {
                let i = start + suspects.trailing_zeros() as usize;
                suspects &= suspects - 1;
                if !nfc_stable_at(bytes, i) {
                    return Err(NotNfc);
                }
            }
            // Past the text's end every position stops a word.
            let stops =
                u32::from(current.stops) | u32::from(next.map_or(u16::MAX, |m| m.stops)) << 16;
            let mut starts = current.starts;
            while starts != 0 {
                let k = starts.trailing_zeros();
                starts &= starts - 1;
                let at = start + k as usize;
                if at < resume {
                    continue;
                }
                let ahead = stops >> k;
                let word = (ahead != 0).then(|| ahead.trailing_zeros() as usize);
                resume = found(Candidate { at, word }).max(at + 1);
            }
            match next {
                Some(m) => {
                    current = m;
                    start = next_start;
                }
                None => return Ok(()),
            }
        }
    }

    /// The masks of the block at `start`: read straight from the text where the window fits, from
    /// a padded copy at the text's two ends (with the positions past the end cleared).
    #[inline(always)]
    fn block_at(scanner: &Scanner, bytes: &[u8], start: usize) -> Masks {
        let direct = start
            .checked_sub(1)
            .and_then(|from| bytes.get(from..from + 18))
            .and_then(|w| <&Window>::try_from(w).ok());
        if let Some(w) = direct {
            return masks(scanner, w);
        }
        let mut w = [PAD; 18];
        for (k, slot) in w.iter_mut().enumerate() {
            if let Some(&b) = (start + k).checked_sub(1).and_then(|i| bytes.get(i)) {
                *slot = b;
            }
        }
        let m = masks(scanner, &w);
        let inside = match bytes.len() - start {
            valid @ 0..=15 => (1u16 << valid) - 1,
            _ => u16::MAX,
        };
        Masks {
            starts: m.starts & inside,
            // The padding stops words by itself.
            stops: m.stops,
            suspects: m.suspects & inside,
        }
    }

    #[inline(always)]
    fn load(bytes: &[u8; 16]) -> v128 {
        // SAFETY: the reference covers the 16 bytes read; wasm loads need no alignment.
        unsafe { v128_load(bytes.as_ptr().cast()) }
    }

    #[inline(always)]
    fn splat(b: u8) -> v128 {
        u8x16_splat(b)
    }

    /// Lanes whose byte lies in `from..=to` (wrapping): one add and one signed compare, which x86
    /// has natively, where an unsigned compare takes several instructions.
    #[inline(always)]
    fn in_range(v: v128, from: u8, to: u8) -> v128 {
        let shifted = u8x16_add(v, splat(0x80u8.wrapping_sub(from)));
        i8x16_lt(
            shifted,
            splat(0x80u8.wrapping_add(to.wrapping_sub(from)).wrapping_add(1)),
        )
    }

    /// Lanes whose byte is in `set`: the low nibble picks a row of the set's tables, the high
    /// nibble a bit of that row.
    #[inline(always)]
    fn member(v: v128, set: &ByteSet) -> v128 {
        // A swizzle reads 0 for an index of 16 or more. With the top bit kept, one of these two
        // indexes is the low nibble and the other is out of range: the row of the right table.
        let index = v128_and(v, splat(0x8F));
        let row = v128_or(
            i8x16_swizzle(load(&set.nibbles[0]), index),
            i8x16_swizzle(load(&set.nibbles[1]), v128_xor(index, splat(0x80))),
        );
        let bits = u8x16(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
        let high = v128_and(u16x8_shr(v, 4), splat(0x0F));
        let bit = i8x16_swizzle(bits, high);
        i8x16_eq(v128_and(row, bit), bit)
    }

    #[inline(always)]
    fn ascii_alnum(v: v128) -> v128 {
        v128_or(
            in_range(v128_or(v, splat(0x20)), b'a', b'z'),
            in_range(v, b'0', b'9'),
        )
    }

    #[inline(always)]
    fn masks(scanner: &Scanner, w: &Window) -> Masks {
        let [before @ .., _, _] = w;
        let [_, here @ .., _] = w;
        let [_, _, after @ ..] = w;
        let (before, here, after) = (load(before), load(here), load(after));
        let starts = v128_and(
            v128_andnot(member(here, &scanner.first), ascii_alnum(before)),
            member(after, &scanner.second),
        );
        // Word bytes and NFC suspects, as the module documentation defines them.
        let late_letter = v128_and(
            i8x16_eq(here, splat(0xE1)),
            i8x16_eq(v128_and(after, splat(0xFC)), splat(0xB8)),
        );
        let times_or_divide = v128_and(
            i8x16_eq(here, splat(0xC3)),
            i8x16_eq(v128_and(after, splat(0xDF)), splat(0x97)),
        );
        let word = v128_or(
            v128_or(ascii_alnum(here), in_range(here, 0x80, 0xBF)),
            v128_or(
                v128_andnot(in_range(here, 0xC3, 0xC9), times_or_divide),
                late_letter,
            ),
        );
        let suspects = v128_andnot(in_range(here, 0xCC, 0xFF), late_letter);
        Masks {
            starts: i8x16_bitmask(starts),
            stops: !i8x16_bitmask(word),
            suspects: i8x16_bitmask(suspects),
        }
    }
}

/// Native tests cover the portable scan; the SIMD scan is compared with it in the browser
/// (`tests/abbr_scan.rs`), word ends included.
#[cfg(test)]
mod tests {
    use super::*;

    fn candidates(scanner: &Scanner, text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        scanner
            .scan(text.as_bytes(), false, |c| {
                out.push(c.at);
                c.at + 1
            })
            .unwrap();
        out
    }

    #[test]
    fn candidates_are_key_starts_after_a_non_alphanumeric_byte() {
        let s = Scanner::new(["BTV", "ĐBQH"]);
        // Đ at the start, B after a space; not B inside "xBTV" or "ĐBQH", nor in "Ba" (no key
        // has `a` second).
        assert_eq!(candidates(&s, "ĐBQH xBTV Ba BTV"), [0, 14]);
        assert_eq!(candidates(&s, "(BTV),BTV"), [1, 6]);
    }

    #[test]
    fn both_ends_of_the_text() {
        let s = Scanner::new(["AB"]);
        for len in 0..40 {
            let text = &"AB ".repeat(14)[..len];
            let expected: Vec<_> = (0..len.saturating_sub(1)).step_by(3).collect();
            assert_eq!(candidates(&s, text), expected, "{len}");
        }
    }

    #[test]
    fn one_byte_keys_may_be_followed_by_anything() {
        let s = Scanner::new(["P", "QĐ"]);
        assert_eq!(candidates(&s, "P.Q Pa"), [0, 2, 4]);
    }

    #[test]
    fn resuming_skips_positions_inside_a_match() {
        let s = Scanner::new(["A A"]);
        let mut seen = Vec::new();
        s.scan(b"A A A A", false, |c| {
            seen.push(c.at);
            c.at + 3
        })
        .unwrap();
        assert_eq!(seen, [0, 4]);
    }

    #[test]
    fn nfc_suspects_fail_the_scan_only_when_nfc_might_change_them() {
        let s = Scanner::new(["BTV"]);
        let scan = |text: &str| s.scan(text.as_bytes(), true, |c| c.at + 1);
        assert_eq!(scan("Đảng “BTV” – 1.000₫ ữ"), Ok(()));
        assert_eq!(scan(&format!("{}Ho\u{0302}", "x".repeat(30))), Err(NotNfc));
        assert_eq!(scan("Ω"), Err(NotNfc));
        // Without the check, the same text is scanned to the end.
        assert!(s
            .scan("BTV e\u{301}".as_bytes(), false, |c| c.at + 1)
            .is_ok());
    }
}

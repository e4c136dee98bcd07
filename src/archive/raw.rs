//! The index file, read by a byte scanner, leniently.
//!
//! The index is the widget's largest input (20 MB at 100,000 articles) and the only JSON it
//! reads in the browser that is not parsed by the browser's own `JSON.parse` (`crate::json`):
//! `JSON.parse` would build 100,000 JS objects first and hold them all, and a generic JSON
//! library would ship its whole parser in the wasm for this one file. So this scanner reads the
//! bytes as fetched, in one pass, and hands each element of `articles` to [`Collector::push`] at
//! once. Fields are read as [`Value`], which accepts any JSON and borrows strings from the input
//! when they contain no escapes. A derived reader would also fail the whole file when one entry
//! has `"title": 42`; here only JSON syntax errors and a top level that is not an index fail.
//!
//! The grammar is RFC 8259's, checked in full: strings (escapes, surrogate pairs, no raw control
//! characters), numbers, literals, nesting (at most [`MAX_DEPTH`] deep, as serde_json), and
//! nothing but whitespace after the top level. Errors name the byte offset.

use std::borrow::Cow;

use super::Collector;

/// Deeper nesting is refused rather than risking the stack (serde_json's limit too).
const MAX_DEPTH: usize = 128;

/// The top-level object. `articles` is `None` when absent or null.
pub(super) struct Index {
    pub(super) articles: Option<Collector>,
}

/// One element of `articles`.
pub(super) enum Item<'de> {
    /// An object; unknown fields are ignored.
    Entry(RawEntry<'de>),
    /// Anything else, described for the console ("a string", …).
    NotObject(&'static str),
}

/// The fields of an entry the widget reads; `None` when absent.
#[derive(Default)]
pub(super) struct RawEntry<'de> {
    pub(super) id: Option<Value<'de>>,
    pub(super) title: Option<Value<'de>>,
    pub(super) published: Option<Value<'de>>,
    pub(super) src: Option<Value<'de>>,
    pub(super) url: Option<Value<'de>>,
}

/// A field value: text is kept, anything else is only described.
pub(super) enum Value<'de> {
    Text(Cow<'de, str>),
    Null,
    /// What the value is instead ("a number", …).
    Other(&'static str),
}

/// Reads an index. Only an object is one: `[[…]]` or `"…"` is refused, as is a second
/// `articles` key. The error is an English description for the console.
pub(super) fn parse(json: &[u8]) -> Result<Index, String> {
    let text =
        std::str::from_utf8(json).map_err(|e| format!("not UTF-8 at byte {}", e.valid_up_to()))?;
    let mut s = Scanner { text, pos: 0 };
    if s.peek()? != b'{' {
        let kind = s.skip_value(0)?;
        return Err(format!("{kind} at the top level, expected an index object"));
    }
    let mut articles = None;
    let mut seen = false;
    s.object(0, |s, key| {
        if key != "articles" {
            s.skip_value(1)?;
            return Ok(());
        }
        if seen {
            return Err(s.error("duplicate field `articles`"));
        }
        seen = true;
        articles = match s.peek()? {
            b'n' => {
                s.literal("null")?;
                None
            }
            b'[' => {
                let mut collector = Collector::default();
                let mut i = 0;
                s.array(1, |s| {
                    let item = s.item()?;
                    collector.push(i, item);
                    i += 1;
                    Ok(())
                })?;
                Some(collector)
            }
            _ => {
                let kind = s.skip_value(1)?;
                return Err(format!(
                    "`articles` is {kind}, expected an array of articles"
                ));
            }
        };
        Ok(())
    })?;
    s.end()?;
    Ok(Index { articles })
}

/// A cursor over the text; `pos` is a byte offset, always on a character boundary.
struct Scanner<'de> {
    text: &'de str,
    pos: usize,
}

type Scan<T> = Result<T, String>;

impl<'de> Scanner<'de> {
    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.pos)
    }

    /// The next byte that is not whitespace, not consumed.
    fn peek(&mut self) -> Scan<u8> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                return Ok(b);
            }
            self.pos += 1;
        }
        Err(self.error("unexpected end of the file"))
    }

    fn eat(&mut self, byte: u8) -> Scan<()> {
        if self.peek()? == byte {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", byte as char)))
        }
    }

    /// Nothing but whitespace may follow the top-level value.
    fn end(&mut self) -> Scan<()> {
        match self.peek() {
            Err(_) => Ok(()),
            Ok(_) => Err(self.error("trailing characters")),
        }
    }

    /// Reads `{ "key": value, … }`, calling `field` with the scanner on each value.
    fn object(
        &mut self,
        depth: usize,
        mut field: impl FnMut(&mut Self, &str) -> Scan<()>,
    ) -> Scan<()> {
        self.open(b'{', depth)?;
        if self.peek()? == b'}' {
            self.pos += 1;
            return Ok(());
        }
        loop {
            if self.peek()? != b'"' {
                return Err(self.error("expected a key"));
            }
            let key = self.string()?;
            self.eat(b':')?;
            field(self, &key)?;
            if self.separator(b'}')? {
                return Ok(());
            }
        }
    }

    /// Reads `[ value, … ]`, calling `element` with the scanner on each value.
    fn array(&mut self, depth: usize, mut element: impl FnMut(&mut Self) -> Scan<()>) -> Scan<()> {
        self.open(b'[', depth)?;
        if self.peek()? == b']' {
            self.pos += 1;
            return Ok(());
        }
        loop {
            element(self)?;
            if self.separator(b']')? {
                return Ok(());
            }
        }
    }

    fn open(&mut self, bracket: u8, depth: usize) -> Scan<()> {
        if depth >= MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.eat(bracket)
    }

    /// After a member: `,` (more follow, `false`) or the closing bracket (`true`).
    fn separator(&mut self, close: u8) -> Scan<bool> {
        match self.peek()? {
            b',' => {
                self.pos += 1;
                Ok(false)
            }
            b if b == close => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.error(&format!("expected `,` or `{}`", close as char))),
        }
    }

    /// One element of `articles`.
    fn item(&mut self) -> Scan<Item<'de>> {
        if self.peek()? != b'{' {
            return self.skip_value(2).map(Item::NotObject);
        }
        let mut entry = RawEntry::default();
        self.object(2, |s, key| {
            let slot = match key {
                "id" => &mut entry.id,
                "title" => &mut entry.title,
                "published" => &mut entry.published,
                "src" => &mut entry.src,
                "url" => &mut entry.url,
                _ => {
                    s.skip_value(3)?;
                    return Ok(());
                }
            };
            *slot = Some(s.value()?);
            Ok(())
        })?;
        Ok(Item::Entry(entry))
    }

    /// A field of an entry: text kept, anything else described.
    fn value(&mut self) -> Scan<Value<'de>> {
        match self.peek()? {
            b'"' => Ok(Value::Text(self.string()?)),
            b'n' => self.literal("null").map(|()| Value::Null),
            _ => self.skip_value(3).map(Value::Other),
        }
    }

    /// Consumes any value, checking its syntax, and says what it was.
    fn skip_value(&mut self, depth: usize) -> Scan<&'static str> {
        match self.peek()? {
            b'{' => self
                .object(depth, |s, _| s.skip_value(depth + 1).map(drop))
                .map(|()| "an object"),
            b'[' => self
                .array(depth, |s| s.skip_value(depth + 1).map(drop))
                .map(|()| "an array"),
            b'"' => self.string().map(|_| "a string"),
            b't' => self.literal("true").map(|()| "a boolean"),
            b'f' => self.literal("false").map(|()| "a boolean"),
            b'n' => self.literal("null").map(|()| "null"),
            b'-' | b'0'..=b'9' => self.number().map(|()| "a number"),
            _ => Err(self.error("expected a value")),
        }
    }

    fn literal(&mut self, word: &str) -> Scan<()> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.error("expected a value"))
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Scan<()> {
        let bytes = self.text.as_bytes();
        let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
        let digits = |mut i: usize| {
            let start = i;
            while at(i).is_ascii_digit() {
                i += 1;
            }
            (i > start).then_some(i)
        };
        let mut i = self.pos;
        if at(i) == b'-' {
            i += 1;
        }
        i = match at(i) {
            b'0' => i + 1,
            b'1'..=b'9' => digits(i).unwrap_or(i),
            _ => return Err(self.error("invalid number")),
        };
        if at(i) == b'.' {
            i = digits(i + 1).ok_or_else(|| self.error("invalid number"))?;
        }
        if matches!(at(i), b'e' | b'E') {
            i += 1;
            if matches!(at(i), b'+' | b'-') {
                i += 1;
            }
            i = digits(i).ok_or_else(|| self.error("invalid number"))?;
        }
        self.pos = i;
        Ok(())
    }

    /// A string, borrowed from the input when it has no escapes.
    fn string(&mut self) -> Scan<Cow<'de, str>> {
        self.eat(b'"')?;
        let bytes = self.text.as_bytes();
        let start = self.pos;
        // The common case: no escape before the closing quote.
        let mut i = start;
        loop {
            match bytes.get(i) {
                None => {
                    self.pos = i;
                    return Err(self.error("unterminated string"));
                }
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(Cow::Borrowed(&self.text[start..i]));
                }
                Some(b'\\') => break,
                Some(&b) if b < 0x20 => {
                    self.pos = i;
                    return Err(self.error("control character in a string"));
                }
                Some(_) => i += 1,
            }
        }
        let mut out = String::with_capacity(i - start + 16);
        out.push_str(&self.text[start..i]);
        self.pos = i;
        loop {
            match bytes.get(self.pos) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(Cow::Owned(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = match bytes.get(self.pos) {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.pos += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape")),
                    };
                    out.push(escaped);
                    self.pos += 1;
                }
                Some(&b) if b < 0x20 => return Err(self.error("control character in a string")),
                Some(_) => {
                    // Copy the run up to the next quote or backslash in one go (the positions
                    // found are ASCII, so the slice is on character boundaries).
                    let run = bytes[self.pos..]
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                        .map_or(bytes.len(), |n| self.pos + n);
                    out.push_str(&self.text[self.pos..run]);
                    self.pos = run;
                }
            }
        }
    }

    /// After `\u`: four hex digits, and a second `\uXXXX` when they are a leading surrogate.
    fn unicode_escape(&mut self) -> Scan<char> {
        let high = self.hex4()?;
        if !(0xD800..0xDC00).contains(&high) {
            return char::from_u32(high).ok_or_else(|| self.error("lone trailing surrogate"));
        }
        if !self.text[self.pos..].starts_with("\\u") {
            return Err(self.error("lone leading surrogate"));
        }
        self.pos += 2;
        let low = self.hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(self.error("invalid surrogate pair"));
        }
        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
            .ok_or_else(|| self.error("invalid surrogate pair"))
    }

    fn hex4(&mut self) -> Scan<u32> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        let value =
            u32::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.pos += 4;
        Ok(value)
    }
}

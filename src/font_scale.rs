//! Font-size levels for "Xem với cỡ chữ".
//!
//! Fixed levels, as in Firefox Reader View, rather than ±1 px steps: every press makes a visible
//! difference, the ends are known (so the buttons can say so), and 200 % satisfies WCAG 1.4.4.
//! The remembered value is the percentage, not the index, so the table can change without
//! misreading what readers stored earlier.

/// The available levels in percent of the default size.
pub const LEVELS: [u16; 7] = [90, 100, 115, 130, 150, 175, 200];

const DEFAULT_INDEX: usize = 1;

/// One of [`LEVELS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FontScale(usize);

impl Default for FontScale {
    fn default() -> Self {
        FontScale(DEFAULT_INDEX)
    }
}

impl FontScale {
    /// The level closest to `percent` (ties go to the smaller level).
    pub fn from_percent(percent: u16) -> Self {
        let index = (0..LEVELS.len())
            .min_by_key(|&i| LEVELS[i].abs_diff(percent))
            .unwrap_or(DEFAULT_INDEX);
        FontScale(index)
    }

    /// The size in percent.
    pub fn percent(self) -> u16 {
        LEVELS[self.0]
    }

    /// The multiplier as CSS text, e.g. `1.15`, `0.9`, `2`. Written from the integer percent:
    /// formatting a float would bring core's float printer into the wasm for this one number.
    pub fn factor_css(self) -> String {
        let (whole, hundredths) = (self.percent() / 100, self.percent() % 100);
        match hundredths {
            0 => whole.to_string(),
            h if h % 10 == 0 => format!("{whole}.{}", h / 10),
            h => format!("{whole}.{h:02}"),
        }
    }

    /// One level larger, if there is one.
    pub fn larger(self) -> Option<Self> {
        (self.0 + 1 < LEVELS.len()).then_some(FontScale(self.0 + 1))
    }

    /// One level smaller, if there is one.
    pub fn smaller(self) -> Option<Self> {
        self.0.checked_sub(1).map(FontScale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factor_css_is_the_shortest_decimal_of_every_level() {
        let mut s = FontScale::default();
        while let Some(next) = s.smaller() {
            s = next;
        }
        let mut all = vec![s.factor_css()];
        while let Some(next) = s.larger() {
            s = next;
            all.push(s.factor_css());
        }
        let expected: Vec<String> = LEVELS
            .iter()
            .map(|&p| (f64::from(p) / 100.0).to_string())
            .collect();
        assert_eq!(all, expected);
        assert!(all.contains(&"2".to_owned()) && all.contains(&"0.9".to_owned()));
    }

    #[test]
    fn default_is_100_percent() {
        assert_eq!(FontScale::default().percent(), 100);
    }

    #[test]
    fn covers_wcag_range_with_at_least_six_steps() {
        assert!(LEVELS.len() >= 6);
        assert!(LEVELS[0] <= 90);
        assert!(*LEVELS.last().unwrap() >= 200);
        assert!(LEVELS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn walks_to_both_ends_and_stops() {
        let mut s = FontScale::default();
        while let Some(next) = s.larger() {
            s = next;
        }
        assert_eq!(s.percent(), 200);
        while let Some(next) = s.smaller() {
            s = next;
        }
        assert_eq!(s.percent(), 90);
        assert!(s.smaller().is_none());
    }

    #[test]
    fn stored_percentages_snap_to_the_nearest_level() {
        assert_eq!(FontScale::from_percent(130).percent(), 130);
        assert_eq!(FontScale::from_percent(120).percent(), 115);
        assert_eq!(FontScale::from_percent(0).percent(), 90);
        assert_eq!(FontScale::from_percent(u16::MAX).percent(), 200);
    }
}

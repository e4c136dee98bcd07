//! The date search's month calendar, without Yew: the grid of a month (weeks from Monday, as
//! Vietnamese calendars print them), and where each key of the WAI-ARIA date picker dialog
//! pattern moves the focused day. The component renders this state and forwards keys to it.

use std::rc::Rc;

use time::{Date, Duration, Month};
use yew::Reducible;

pub use super::month_of;

/// A move of the focused day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Days forward (negative: back): the arrow keys.
    Days(i64),
    /// Months forward, keeping the day where the month has it (else its last day): Page Up/Down.
    Months(i32),
    /// To Monday of the week: Home.
    WeekStart,
    /// To Sunday of the week: End.
    WeekEnd,
}

impl Move {
    /// The move a key makes in the grid, if any (`shift`: Shift is held).
    pub fn from_key(key: &str, shift: bool) -> Option<Move> {
        Some(match key {
            "ArrowLeft" => Move::Days(-1),
            "ArrowRight" => Move::Days(1),
            "ArrowUp" => Move::Days(-7),
            "ArrowDown" => Move::Days(7),
            "PageUp" if shift => Move::Months(-12),
            "PageDown" if shift => Move::Months(12),
            "PageUp" => Move::Months(-1),
            "PageDown" => Move::Months(1),
            "Home" => Move::WeekStart,
            "End" => Move::WeekEnd,
            _ => return None,
        })
    }

    /// `day` after this move; at the ends of the supported calendar it stays.
    pub fn apply(self, day: Date) -> Date {
        match self {
            Move::Days(n) => day.checked_add(Duration::days(n)).unwrap_or(day),
            Move::Months(n) => add_months(day, n).unwrap_or(day),
            Move::WeekStart => {
                let back = i64::from(day.weekday().number_days_from_monday());
                day.checked_sub(Duration::days(back)).unwrap_or(day)
            }
            Move::WeekEnd => {
                let ahead = 6 - i64::from(day.weekday().number_days_from_monday());
                day.checked_add(Duration::days(ahead)).unwrap_or(day)
            }
        }
    }
}

/// `day` moved by `months`, on the same day of the month or the month's last.
fn add_months(day: Date, months: i32) -> Option<Date> {
    let index = day.year() * 12 + i32::from(u8::from(day.month())) - 1 + months;
    let (year, month) = (
        index.div_euclid(12),
        Month::try_from((index.rem_euclid(12) + 1) as u8).ok()?,
    );
    let last = month.length(year);
    Date::from_calendar_date(year, month, day.day().min(last)).ok()
}

/// The month's weeks, Monday first; days outside the month are `None`.
pub fn weeks(month: Date) -> Vec<[Option<Date>; 7]> {
    let first = month_of(month);
    let lead = usize::from(first.weekday().number_days_from_monday());
    let length = usize::from(first.month().length(first.year()));
    let mut weeks = Vec::new();
    let mut week = [None; 7];
    for cell in 0..(lead + length).div_ceil(7) * 7 {
        let day = cell
            .checked_sub(lead)
            .filter(|&d| d < length)
            .and_then(|d| first.checked_add(Duration::days(d as i64)));
        week[cell % 7] = day;
        if cell % 7 == 6 {
            weeks.push(week);
            week = [None; 7];
        }
    }
    weeks
}

/// The calendar's state: the focused day (the month shown is its month).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarState {
    /// The day that has focus in the grid.
    pub focused: Date,
}

/// What happens in the calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarAction {
    /// A key or a month button moved the focus.
    Move(Move),
    /// The dialog opened on this day.
    Open(Date),
}

impl CalendarState {
    /// The state after `action`.
    pub fn apply(self, action: CalendarAction) -> Self {
        match action {
            CalendarAction::Move(m) => CalendarState {
                focused: m.apply(self.focused),
            },
            CalendarAction::Open(day) => CalendarState { focused: day },
        }
    }

    /// The first day of the month shown.
    pub fn month(&self) -> Date {
        month_of(self.focused)
    }
}

impl Reducible for CalendarState {
    type Action = CalendarAction;

    fn reduce(self: Rc<Self>, action: CalendarAction) -> Rc<Self> {
        let next = self.apply(action);
        crate::hooks::reduced(self, next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::parse_day;

    fn d(s: &str) -> Date {
        parse_day(s).expect("test days are valid")
    }

    #[test]
    fn keys_move_as_the_date_picker_pattern_says() {
        let start = d("2024-05-13"); // a Monday
        let after = |key: &str, shift: bool| Move::from_key(key, shift).map(|m| m.apply(start));
        assert_eq!(after("ArrowRight", false), Some(d("2024-05-14")));
        assert_eq!(after("ArrowLeft", false), Some(d("2024-05-12")));
        assert_eq!(after("ArrowDown", false), Some(d("2024-05-20")));
        assert_eq!(after("ArrowUp", false), Some(d("2024-05-06")));
        assert_eq!(after("PageDown", false), Some(d("2024-06-13")));
        assert_eq!(after("PageUp", false), Some(d("2024-04-13")));
        assert_eq!(after("PageUp", true), Some(d("2023-05-13")));
        assert_eq!(after("PageDown", true), Some(d("2025-05-13")));
        assert_eq!(after("Home", false), Some(d("2024-05-13")));
        assert_eq!(after("End", false), Some(d("2024-05-19")));
        assert_eq!(after("Enter", false), None);
        // A month without the day keeps its last one; a leap day a year on is 28 February.
        assert_eq!(Move::Months(1).apply(d("2024-01-31")), d("2024-02-29"));
        assert_eq!(Move::Months(-1).apply(d("2024-03-31")), d("2024-02-29"));
        assert_eq!(Move::Months(12).apply(d("2024-02-29")), d("2025-02-28"));
        assert_eq!(Move::Months(-13).apply(d("2024-01-15")), d("2022-12-15"));
        assert_eq!(Move::WeekStart.apply(d("2024-05-19")), d("2024-05-13"));
        // At the ends of the calendar the focus stays.
        assert_eq!(Move::Days(1).apply(Date::MAX), Date::MAX);
        assert_eq!(Move::Months(-1).apply(Date::MIN), Date::MIN);
    }

    #[test]
    fn weeks_start_on_monday_and_hold_the_whole_month() {
        // May 2024 starts on a Wednesday and ends on a Friday.
        let may = weeks(d("2024-05-20"));
        assert_eq!(may.len(), 5);
        assert_eq!(may[0][..3], [None, None, Some(d("2024-05-01"))]);
        assert_eq!(may[4][4], Some(d("2024-05-31")));
        assert_eq!(may[4][5..], [None, None]);
        let days: Vec<Date> = may.iter().flatten().flatten().copied().collect();
        assert_eq!(days.len(), 31);
        assert!(days.windows(2).all(|w| w[1] == w[0].next_day().unwrap()));
        // September 2024 starts on a Sunday: six rows.
        assert_eq!(weeks(d("2024-09-01")).len(), 6);
        // February 2021 starts on a Monday and has four weeks exactly.
        assert_eq!(weeks(d("2021-02-01")).len(), 4);
    }

    #[test]
    fn the_state_follows_moves_and_shows_the_focused_month() {
        let s = CalendarState {
            focused: d("2024-05-31"),
        };
        let s = s.apply(CalendarAction::Move(Move::Days(1)));
        assert_eq!((s.focused, s.month()), (d("2024-06-01"), d("2024-06-01")));
        let s = s.apply(CalendarAction::Open(d("2023-01-10")));
        assert_eq!(s.month(), d("2023-01-01"));
    }
}

//! The state of "Tìm theo ngày": what the reader asked for, what the two fields show and how many
//! results are on screen. A reducer (the component renders it and forwards events to it), so its
//! rules are tested natively; reading the fields and the page URL stays in the component.

use std::rc::Rc;

use time::Date;
use yew::Reducible;

use super::{iso_day, parse_day, DayRange, RangeError};

/// Results shown at once and added by each "show more".
pub const PAGE: usize = 20;

/// What the reader asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Nothing yet (both fields empty).
    None,
    /// One day or a range of days.
    Range(DayRange),
    /// A field holds something that is not a date.
    BadDate,
    /// The end is before the start.
    Reversed,
}

/// One date field as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Nothing typed.
    Empty,
    /// A day.
    Day(Date),
    /// Something the browser or [`parse_day`] could not read as a date.
    Unreadable,
}

/// Reads a field's text; `bad_input` is the browser's `validity.badInput`, which leaves the
/// value empty when the reader typed something that is not a date.
pub fn read_field(value: &str, bad_input: bool) -> Field {
    if value.trim().is_empty() {
        return if bad_input {
            Field::Unreadable
        } else {
            Field::Empty
        };
    }
    parse_day(value).map_or(Field::Unreadable, Field::Day)
}

impl Query {
    /// The query two fields make. An empty end means one day; a field that could not be read is
    /// an error, never silently ignored.
    pub fn from_fields(from: Field, to: Field) -> Query {
        match (from, to) {
            (Field::Unreadable, _) | (_, Field::Unreadable) => Query::BadDate,
            (Field::Empty, Field::Empty) => Query::None,
            (Field::Empty, Field::Day(day)) | (Field::Day(day), Field::Empty) => {
                Query::Range(DayRange::day(day))
            }
            (Field::Day(from), Field::Day(to)) => match DayRange::new(from, to) {
                Ok(range) => Query::Range(range),
                Err(RangeError::EndBeforeStart) => Query::Reversed,
            },
        }
    }

    /// The value the page URL keeps for this query (`None`: the parameter is removed).
    pub fn to_param(&self) -> Option<String> {
        match self {
            Query::Range(range) => Some(range.to_param()),
            _ => None,
        }
    }
}

/// The date search's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchState {
    /// What the reader asked for.
    pub query: Query,
    /// What the two fields show. Yew writes `value` back to the fields on every render, so they
    /// must hold what was typed.
    pub fields: (String, String),
    /// How many results are shown.
    pub shown: usize,
    /// Counts Back and Forward navigations, so that the article the URL names is restored
    /// after each one.
    pub navigations: u32,
}

/// What happens to the date search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchAction {
    /// The reader changed or submitted the fields: their text and the query it makes.
    Search {
        /// The fields' text.
        fields: (String, String),
        /// What they ask for.
        query: Query,
    },
    /// "Show more".
    ShowMore,
    /// Back or Forward: the page URL's parameter now reads this.
    Navigated(Option<String>),
}

impl SearchState {
    /// The search a page URL parameter names (`None`: no parameter); a value that is not a day
    /// or range shows as a bad date rather than being dropped without a word.
    pub fn from_param(value: Option<&str>) -> Self {
        let (query, fields) = match value.map(DayRange::from_param) {
            None => (Query::None, (String::new(), String::new())),
            Some(None) => (Query::BadDate, (String::new(), String::new())),
            Some(Some(range)) => {
                let to = if range.is_single_day() {
                    String::new()
                } else {
                    iso_day(range.to)
                };
                (Query::Range(range), (iso_day(range.from), to))
            }
        };
        SearchState {
            query,
            fields,
            shown: PAGE,
            navigations: 0,
        }
    }

    /// The state after `action`.
    pub fn apply(&self, action: SearchAction) -> Self {
        match action {
            SearchAction::Search { fields, query } => SearchState {
                query,
                fields,
                shown: PAGE,
                navigations: self.navigations,
            },
            SearchAction::ShowMore => SearchState {
                shown: self.shown.saturating_add(PAGE),
                ..self.clone()
            },
            SearchAction::Navigated(value) => SearchState {
                navigations: self.navigations.wrapping_add(1),
                ..SearchState::from_param(value.as_deref())
            },
        }
    }

    /// How many of `found` results are not shown yet.
    pub fn remaining(&self, found: usize) -> usize {
        found.saturating_sub(self.shown)
    }
}

impl Reducible for SearchState {
    type Action = SearchAction;

    fn reduce(self: Rc<Self>, action: SearchAction) -> Rc<Self> {
        let next = self.apply(action);
        crate::hooks::reduced(self, next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        parse_day(s).expect("test days are valid")
    }

    #[test]
    fn fields_make_a_day_a_range_or_an_error() {
        let (a, b) = (Field::Day(day("10/05/2024")), Field::Day(day("13/05/2024")));
        assert_eq!(Query::from_fields(Field::Empty, Field::Empty), Query::None);
        assert_eq!(
            Query::from_fields(a, Field::Empty),
            Query::Range(DayRange::day(day("10/05/2024")))
        );
        assert_eq!(
            Query::from_fields(Field::Empty, b),
            Query::Range(DayRange::day(day("13/05/2024")))
        );
        assert_eq!(
            Query::from_fields(a, b),
            Query::Range(DayRange::new(day("10/05/2024"), day("13/05/2024")).expect("ordered"))
        );
        assert_eq!(Query::from_fields(b, a), Query::Reversed);
        assert_eq!(Query::from_fields(Field::Unreadable, b), Query::BadDate);
        assert_eq!(Query::from_fields(a, Field::Unreadable), Query::BadDate);
    }

    #[test]
    fn a_field_the_browser_could_not_read_is_an_error() {
        assert_eq!(read_field("", false), Field::Empty);
        assert_eq!(read_field("  ", true), Field::Unreadable);
        assert_eq!(read_field("31/02/2024", false), Field::Unreadable);
        assert_eq!(
            read_field("2024-05-13", false),
            Field::Day(day("13/05/2024"))
        );
    }

    #[test]
    fn the_url_parameter_round_trips() {
        let single = SearchState::from_param(Some("2024-05-13"));
        assert_eq!(single.fields, ("2024-05-13".into(), String::new()));
        assert_eq!(single.query.to_param().as_deref(), Some("2024-05-13"));
        let range = SearchState::from_param(Some("2024-05-10..2024-05-13"));
        assert_eq!(range.fields, ("2024-05-10".into(), "2024-05-13".into()));
        assert_eq!(
            range.query.to_param().as_deref(),
            Some("2024-05-10..2024-05-13")
        );
        assert_eq!(SearchState::from_param(None).query, Query::None);
        let bad = SearchState::from_param(Some("hôm qua"));
        assert_eq!(bad.query, Query::BadDate);
        assert_eq!(bad.query.to_param(), None);
    }

    #[test]
    fn show_more_adds_a_page_and_a_new_search_starts_over() {
        let s = SearchState::from_param(Some("2024-05-13"));
        assert_eq!(s.remaining(45), 25);
        let s = s
            .apply(SearchAction::ShowMore)
            .apply(SearchAction::ShowMore);
        assert_eq!((s.shown, s.remaining(45)), (3 * PAGE, 0));
        let s = s.apply(SearchAction::Search {
            fields: ("2024-05-10".into(), String::new()),
            query: Query::Range(DayRange::day(day("10/05/2024"))),
        });
        assert_eq!(s.shown, PAGE);
        assert_eq!(s.fields.0, "2024-05-10");
    }

    #[test]
    fn back_and_forward_restore_the_url_and_count() {
        let s = SearchState::from_param(Some("2024-05-13")).apply(SearchAction::ShowMore);
        let back = s.apply(SearchAction::Navigated(None));
        assert_eq!(back.query, Query::None);
        assert_eq!(back.fields, (String::new(), String::new()));
        assert_eq!((back.shown, back.navigations), (PAGE, 1));
        let forward = back.apply(SearchAction::Navigated(Some("2024-05-13".into())));
        assert_eq!(forward.navigations, 2);
        assert_eq!(forward.query, s.query);
    }
}

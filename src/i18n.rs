//! Every user-visible string, in Vietnamese (the default) and English.
//!
//! One table per language, checked by the compiler: adding a string to [`Strings`] without
//! translating it does not build. Strings that embed values are plain `fn` pointers so the word
//! order can differ between languages.

use crate::error::{Error, Problem, Subject};

/// The widget's interface language (`data-lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Parses a `data-lang` value; accepts BCP 47 tags such as `vi-VN` or `en-GB`.
    pub fn parse(value: &str) -> Option<Lang> {
        let primary = value.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The BCP 47 tag, for the `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// The string table for this language.
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }
}

/// English month names, for the calendar.
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// All strings of one language.
pub struct Strings {
    /// Weekday names, Monday first.
    pub weekdays: [&'static str; 7],
    /// Shown while the article is being fetched.
    pub loading: &'static str,
    /// Label of the button that fetches again after an error.
    pub retry: &'static str,
    /// Heading of the error box.
    pub error_title: &'static str,
    /// Prefix of the source line: `Nguồn: tapchixaydung.vn`.
    pub source: &'static str,
    /// Label of the font-size control group.
    pub font_size: &'static str,
    /// Accessible name of A−.
    pub font_decrease: &'static str,
    /// Accessible name of A.
    pub font_reset: &'static str,
    /// Accessible name of A+.
    pub font_increase: &'static str,
    /// Announced level, e.g. `Cỡ chữ 130%`.
    pub font_level: fn(u16) -> String,
    /// The abbreviation toggle button.
    pub abbr_toggle: &'static str,
    /// Summary of the abbreviation list, with the count.
    pub abbr_list: fn(usize) -> String,
    /// Hidden hint after a link that opens in a new tab.
    pub new_tab: &'static str,
    /// The portal's glossary could not be loaded.
    pub glossary_failed: &'static str,
    /// Label of the rating group.
    pub rating: &'static str,
    /// Hint under the rating label.
    pub rating_hint: &'static str,
    /// Accessible name of star n.
    pub star: fn(u8) -> String,
    /// Average and count: (formatted average, count).
    pub rating_summary: fn(&str, u32) -> String,
    /// Shown after the reader's vote.
    pub rating_thanks: &'static str,
    /// Shown when there are no votes yet.
    pub rating_none: &'static str,
    /// The vote has not reached the portal yet (why); it is kept and sent again.
    pub rating_pending: fn(&Error) -> String,
    /// The portal refused the vote with this 4xx status.
    pub rating_refused: fn(u16) -> String,
    /// The button that sends a pending vote again at once.
    pub rating_resend: &'static str,
    /// The rating service answered 409: this reader already rated the article (from another
    /// browser, or with storage cleared); the vote is dropped.
    pub rating_already: &'static str,
    /// In place of the hint when the page gives no `data-rating-endpoint`: figures only.
    pub rating_read_only: &'static str,
    /// Label of the date field.
    pub search_label: &'static str,
    /// Label of the optional end-date field.
    pub search_to: &'static str,
    /// The search button.
    pub search_button: &'static str,
    /// Shown while the index loads.
    pub index_loading: &'static str,
    /// Visible text of the button that opens a field's calendar.
    pub calendar: &'static str,
    /// Accessible name of that button, with the field's label; starts with [`Strings::calendar`].
    pub calendar_for: fn(&str) -> String,
    /// The month shown: month and year.
    pub calendar_month: fn(u8, i32) -> String,
    /// A day of the grid: its day and month, and how many articles it has.
    pub calendar_day: fn(u8, u8, u32) -> String,
    /// The navigation buttons: previous year, previous month, next month, next year.
    pub calendar_nav: [&'static str; 4],
    /// Weekdays from Monday, short: the calendar's column heads (the full names, also from
    /// Monday, are [`Strings::weekdays`]).
    pub weekdays_short: [&'static str; 7],
    /// Closes the calendar without choosing.
    pub close: &'static str,
    /// No article on one day (dd/mm/yyyy).
    pub no_results_day: fn(&str) -> String,
    /// No article in a range.
    pub no_results_range: fn(&str, &str) -> String,
    /// When the results were published, one day (dd/mm/yyyy): the `when` of `results_count`.
    pub on_day: fn(&str) -> String,
    /// When the results were published, a range: the `when` of `results_count`.
    pub between_days: fn(&str, &str) -> String,
    /// How many articles were found, for one day or a range.
    pub results_count: fn(usize, &str) -> String,
    /// Show the next page of results (how many remain).
    pub show_more: fn(usize) -> String,
    /// The date could not be read.
    pub bad_date: &'static str,
    /// The end is before the start.
    pub end_before_start: &'static str,
    /// Marks the article being shown in the results.
    pub reading_now: &'static str,
    /// What a failed load was loading: the article, or the index of "Tìm theo ngày"
    /// (lowercase for mid-sentence, capitalised for a sentence start).
    pub subject: fn(Subject) -> (&'static str, &'static str),
    /// The server could not be reached.
    pub err_network: fn(&str) -> String,
    /// No answer within the timeout (seconds).
    pub err_timeout: fn(&str, u32) -> String,
    /// A non-2xx status.
    pub err_http: fn(&str, &str, u16) -> String,
    /// Larger than the limit (MB).
    pub err_too_large: fn(&str, u32) -> String,
    /// Not valid JSON.
    pub err_json: fn(&str) -> String,
    /// Parts of the data that contradict each other (a shard and its manifest).
    pub err_mismatch: fn(&str) -> String,
    /// A web page (an error or login page) came back where JSON was expected.
    pub err_html_page: fn(&str) -> String,
    /// The server refused this page's origin (CORS).
    pub err_cors: fn(&str) -> String,
    /// The `#id` data block named by the configuration is not in the page.
    pub err_missing_block: fn(&str) -> String,
    /// Required field missing.
    pub err_missing_field: fn(&str, &str) -> String,
    /// Field present but unusable.
    pub err_invalid_field: fn(&str, Problem) -> String,
    /// No `data-article-src`.
    pub err_no_source: &'static str,
    /// Heading of a configuration notice (addressed to the portal's developers, not readers).
    pub config_title: &'static str,
    /// An unknown attribute, and the known one it may be a typo of.
    pub config_unknown: fn(&str, Option<&str>) -> String,
    /// Where a developer finds more.
    pub config_hint: &'static str,
}

static VI: Strings = Strings {
    weekdays: [
        "Thứ hai",
        "Thứ ba",
        "Thứ tư",
        "Thứ năm",
        "Thứ sáu",
        "Thứ bảy",
        "Chủ nhật",
    ],
    loading: "Đang tải bài viết…",
    retry: "Thử lại",
    error_title: "Không hiển thị được bài viết",
    source: "Nguồn",
    font_size: "Xem với cỡ chữ",
    font_decrease: "Giảm cỡ chữ",
    font_reset: "Cỡ chữ mặc định",
    font_increase: "Tăng cỡ chữ",
    font_level: |pct| format!("Cỡ chữ {pct}%"),
    rating: "Đánh giá",
    rating_hint: "Di chuột vào ngôi sao để chọn điểm",
    star: |n| format!("{n} sao"),
    rating_summary: |avg, count| format!("{avg}/5 ({count} lượt)"),
    rating_thanks: "Cảm ơn bạn đã đánh giá",
    rating_none: "Chưa có lượt đánh giá",
    rating_pending: |error| {
        let why = match error {
            Error::Timeout { seconds, .. } => format!("máy chủ không trả lời sau {seconds} giây"),
            Error::Http { status, .. } => format!("máy chủ trả về lỗi {status}"),
            Error::Network { .. } => "không kết nối được tới máy chủ".to_owned(),
            Error::Cors { .. } => "máy chủ đánh giá không cho phép trang này gửi tới".to_owned(),
            _ => "câu trả lời của máy chủ không đọc được".to_owned(),
        };
        format!("Chưa gửi được lượt đánh giá ({why}). Lượt đánh giá được giữ lại và sẽ tự động gửi lại.")
    },
    rating_refused: |status| format!("Trang không nhận lượt đánh giá này (lỗi {status})."),
    rating_resend: "Gửi lại đánh giá",
    rating_already: "Bạn đã đánh giá bài viết này rồi.",
    rating_read_only: "Chỉ xem, trang chưa nhận đánh giá",
    search_label: "Tìm theo ngày",
    search_to: "Đến ngày",
    search_button: "Tìm",
    index_loading: "Đang tải danh mục bài viết…",
    calendar: "Lịch",
    calendar_for: |field| format!("Lịch: {field}"),
    calendar_month: |month, year| format!("Tháng {month} năm {year}"),
    calendar_day: |day, month, count| match count {
        0 => format!("{day} tháng {month}"),
        n => format!("{day} tháng {month}, {n} bài viết"),
    },
    calendar_nav: ["Năm trước", "Tháng trước", "Tháng sau", "Năm sau"],
    weekdays_short: ["T2", "T3", "T4", "T5", "T6", "T7", "CN"],
    close: "Đóng",
    no_results_day: |day| format!("Không có bài viết nào ngày {day}"),
    no_results_range: |from, to| format!("Không có bài viết nào từ ngày {from} đến ngày {to}"),
    on_day: |day| format!("ngày {day}"),
    between_days: |from, to| format!("từ {from} đến {to}"),
    results_count: |n, when| format!("{n} bài viết {when}"),
    show_more: |n| format!("Xem thêm ({n})"),
    bad_date: "Ngày không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 13/05/2024.",
    end_before_start: "Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.",
    reading_now: "Đang xem",
    abbr_toggle: "Từ viết tắt",
    abbr_list: |n| format!("Từ viết tắt trong bài ({n})"),
    new_tab: " (mở trong thẻ mới)",
    glossary_failed: "Không tải được bảng từ viết tắt của trang; đang dùng bảng mặc định.",
    subject: |subject| match subject {
        Subject::Article => ("bài viết", "Bài viết"),
        Subject::Index => ("danh mục bài viết", "Danh mục bài viết"),
    },
    err_network: |what| {
        format!("Không kết nối được tới máy chủ để tải {what}. Kiểm tra kết nối mạng rồi thử lại.")
    },
    err_timeout: |what, s| format!("Máy chủ không trả lời sau {s} giây khi tải {what}."),
    err_http: |what, _, status| match status {
        404 => format!("Không tìm thấy {what} (lỗi 404)."),
        _ => format!("Máy chủ trả về lỗi {status} khi tải {what}."),
    },
    err_too_large: |what, mb| format!("Dữ liệu {what} lớn hơn {mb} MB, quá lớn để hiển thị."),
    err_json: |what| format!("Dữ liệu {what} không phải JSON hợp lệ."),
    err_mismatch: |what| format!("Dữ liệu {what} không khớp với nhau."),
    err_html_page: |what| format!("Máy chủ trả về một trang web thay vì dữ liệu {what}."),
    err_cors: |what| format!("Máy chủ chứa {what} không cho phép trang này đọc dữ liệu."),
    err_missing_block: |what| format!("Không tìm thấy dữ liệu {what} trong trang."),
    err_missing_field: |what, field| format!("Dữ liệu {what} thiếu trường bắt buộc “{field}”."),
    err_invalid_field: |field, problem| {
        let why = match problem {
            Problem::Empty => "để trống",
            Problem::NotADate => "không phải ngày giờ RFC 3339 có múi giờ",
            Problem::OutOfRange => "nằm ngoài khoảng cho phép",
        };
        format!("Trường “{field}” của bài viết không hợp lệ: {why}.")
    },
    err_no_source: "Chưa cấu hình bài viết cần hiển thị: thêm thuộc tính data-article-src (bài viết) hoặc nguồn cho “Tìm theo ngày” (data-index-src, data-archive-src hoặc data-archive-api).",
    config_title: "Tiện ích bài viết chưa được cấu hình đúng",
    config_unknown: |name, known| match known {
        Some(known) => format!("Thuộc tính {name} không được hỗ trợ và bị bỏ qua. Có phải ý bạn là {known}?"),
        None => format!("Thuộc tính {name} không được hỗ trợ và bị bỏ qua."),
    },
    config_hint: "Thông báo này dành cho người quản trị trang; chi tiết có trong bảng điều khiển (console) của trình duyệt.",
};

static EN: Strings = Strings {
    weekdays: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
    loading: "Loading article…",
    retry: "Retry",
    error_title: "The article cannot be shown",
    source: "Source",
    font_size: "Font size",
    font_decrease: "Decrease font size",
    font_reset: "Reset font size",
    font_increase: "Increase font size",
    font_level: |pct| format!("Font size {pct}%"),
    rating: "Rating",
    rating_hint: "Hover over a star to choose a score",
    star: |n| match n {
        1 => "1 star".to_owned(),
        n => format!("{n} stars"),
    },
    rating_summary: |avg, count| match count {
        1 => format!("{avg}/5 (1 vote)"),
        n => format!("{avg}/5 ({n} votes)"),
    },
    rating_thanks: "Thank you for rating",
    rating_none: "No ratings yet",
    rating_pending: |error| {
        let why = match error {
            Error::Timeout { seconds, .. } => format!("no answer within {seconds} seconds"),
            Error::Http { status, .. } => format!("the server answered with error {status}"),
            Error::Network { .. } => "the server could not be reached".to_owned(),
            Error::Cors { .. } => "the rating server does not accept votes from this page".to_owned(),
            _ => "the server's answer could not be read".to_owned(),
        };
        format!("Your rating has not been sent yet ({why}). It is kept and will be sent again automatically.")
    },
    rating_refused: |status| format!("The site did not accept this rating (error {status})."),
    rating_resend: "Send rating again",
    rating_already: "You have already rated this article.",
    rating_read_only: "View only: this site does not take ratings",
    search_label: "Search by date",
    search_to: "To date",
    search_button: "Search",
    index_loading: "Loading the article list…",
    calendar: "Calendar",
    calendar_for: |field| format!("Calendar: {field}"),
    calendar_month: |month, year| format!("{} {year}", MONTHS_EN[usize::from(month.clamp(1, 12)) - 1]),
    calendar_day: |day, month, count| {
        let month = MONTHS_EN[usize::from(month.clamp(1, 12)) - 1];
        match count {
            0 => format!("{day} {month}"),
            1 => format!("{day} {month}, 1 article"),
            n => format!("{day} {month}, {n} articles"),
        }
    },
    calendar_nav: ["Previous year", "Previous month", "Next month", "Next year"],
    weekdays_short: ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"],
    close: "Close",
    no_results_day: |day| format!("No articles on {day}"),
    no_results_range: |from, to| format!("No articles from {from} to {to}"),
    on_day: |day| format!("on {day}"),
    between_days: |from, to| format!("from {from} to {to}"),
    results_count: |n, when| match n {
        1 => format!("1 article {when}"),
        n => format!("{n} articles {when}"),
    },
    show_more: |n| format!("Show more ({n})"),
    bad_date: "Invalid date. Please use day/month/year, e.g. 13/05/2024.",
    end_before_start: "The end date must be on or after the start date.",
    reading_now: "Reading",
    abbr_toggle: "Abbreviations",
    abbr_list: |n| format!("Abbreviations in this article ({n})"),
    new_tab: " (opens in a new tab)",
    glossary_failed: "The site's abbreviation glossary could not be loaded; using the default one.",
    subject: |subject| match subject {
        Subject::Article => ("the article", "The article"),
        Subject::Index => ("the article list", "The article list"),
    },
    err_network: |what| {
        format!("Could not reach the server to load {what}. Check your connection and try again.")
    },
    err_timeout: |what, s| format!("The server did not answer within {s} seconds while loading {what}."),
    err_http: |what, what_cap, status| match status {
        404 => format!("{what_cap} was not found (error 404)."),
        _ => format!("The server answered with error {status} while loading {what}."),
    },
    err_too_large: |what, mb| format!("The data of {what} is larger than {mb} MB, too large to show."),
    err_json: |what| format!("The data of {what} is not valid JSON."),
    err_mismatch: |what| format!("The data of {what} does not fit together."),
    err_html_page: |what| format!("The server sent a web page instead of the data of {what}."),
    err_cors: |what| format!("The server of {what} does not allow this page to read it."),
    err_missing_block: |what| format!("The data of {what} is not in the page."),
    err_missing_field: |what, field| format!("The data of {what} lacks the required field “{field}”."),
    err_invalid_field: |field, problem| {
        let why = match problem {
            Problem::Empty => "it is empty",
            Problem::NotADate => "it is not an RFC 3339 date-time with an offset",
            Problem::OutOfRange => "it is out of range",
        };
        format!("The article field “{field}” is invalid: {why}.")
    },
    err_no_source: "No article is configured: add the attribute data-article-src (the article) or a source for “Search by date” (data-index-src, data-archive-src or data-archive-api).",
    config_title: "The article widget is not configured correctly",
    config_unknown: |name, known| match known {
        Some(known) => format!("The attribute {name} is not supported and is ignored. Did you mean {known}?"),
        None => format!("The attribute {name} is not supported and is ignored."),
    },
    config_hint: "This notice is for the site's developers; the browser console has the details.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_language_tags() {
        assert_eq!(Lang::parse("vi"), Some(Lang::Vi));
        assert_eq!(Lang::parse("vi-VN"), Some(Lang::Vi));
        assert_eq!(Lang::parse(" EN_gb "), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse(""), None);
    }

    #[test]
    fn error_messages_name_the_field_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let msg = (lang.strings().err_missing_field)("x", "title");
            assert!(msg.contains("title"), "{msg}");
        }
    }
}

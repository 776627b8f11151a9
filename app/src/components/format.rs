//! Dates and times in the browser's time zone, as the reader expects them in their language
//! (calendar dates: `locale::format_date`; money formats itself: `Money`'s Display).

use crate::locale::Locale;
pub use crate::locale::{format_date, format_size};

/// An instant (epoch milliseconds, UTC) in the browser's own time zone.
pub fn format_instant(epoch_ms: i64, locale: Locale) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
        String::from(date.to_locale_string(locale.tag(), &wasm_bindgen::JsValue::UNDEFINED))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        format!("{epoch_ms} ms UTC")
    }
}

/// The calendar day of an instant in the browser's time zone, without the time.
pub fn format_day(epoch_ms: i64, locale: Locale) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms as f64));
        String::from(date.to_locale_date_string(locale.tag(), &wasm_bindgen::JsValue::UNDEFINED))
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = locale;
        format!("{epoch_ms} ms UTC")
    }
}

/// Today's date where the reader is, `YYYY-MM-DD` (UTC outside the browser).
pub fn today_local() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        let now = js_sys::Date::new_0();
        format!(
            "{:04}-{:02}-{:02}",
            now.get_full_year(),
            now.get_month() + 1,
            now.get_date()
        )
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        "9999-12-31".to_string()
    }
}

/// Now, by the browser's clock (epoch milliseconds; 0 outside the browser).
pub fn browser_now_ms() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now() as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

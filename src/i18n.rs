//! Message language: Chinese by default, English with `--lang en` or `GONGKAI_LANG=en`
//! (SPEC §4). The locale (`LANG`, `LC_*`) is deliberately not consulted: an editor's
//! machine set to English must still get the Chinese messages the manuals describe.
//!
//! Writing a message: give both texts to [`t!`](crate::t), Chinese first, with the same
//! `{named}` arguments:
//!
//! ```
//! # use gongkai::t;
//! let key = "disclosure";
//! let m = t!("缺少必填键 `{key}`", "missing required key `{key}`");
//! assert_eq!(m, "缺少必填键 `disclosure`");
//! ```

use std::sync::atomic::{AtomicBool, Ordering};

static ENGLISH: AtomicBool = AtomicBool::new(false);

/// Switch every later message to English (`true`) or Chinese (`false`). Set once, in `main`.
pub fn set_english(on: bool) {
    ENGLISH.store(on, Ordering::Relaxed);
}

/// Whether messages are in English.
pub fn english() -> bool {
    ENGLISH.load(Ordering::Relaxed)
}

/// The language asked for: the `--lang` flag if given, else `GONGKAI_LANG`; `en…` means
/// English, anything else Chinese.
pub fn english_requested(flag: Option<&str>, env: Option<&str>) -> bool {
    let v = flag.or(env).unwrap_or("");
    v.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("en"))
}

/// One of two fixed texts, by the current language.
pub fn pick(zh: &'static str, en: &'static str) -> &'static str {
    if english() { en } else { zh }
}

/// A message in the current language: `t!("中文 {x}", "English {x}")` → `String`.
/// Both texts are `format!` strings; use inline `{name}` arguments (positional arguments
/// would have to appear in both texts).
#[macro_export]
macro_rules! t {
    ($zh:literal, $en:literal $(,)?) => {
        if $crate::i18n::english() {
            ::std::format!($en)
        } else {
            ::std::format!($zh)
        }
    };
    ($zh:literal, $en:literal, $($arg:tt)+) => {
        if $crate::i18n::english() {
            ::std::format!($en, $($arg)+)
        } else {
            ::std::format!($zh, $($arg)+)
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_wins_over_env_and_only_en_means_english() {
        assert!(english_requested(Some("en"), Some("zh")));
        assert!(!english_requested(Some("zh"), Some("en")));
        assert!(english_requested(None, Some("en_US.UTF-8")));
        assert!(!english_requested(None, Some("fr")));
        assert!(!english_requested(None, None));
    }
}

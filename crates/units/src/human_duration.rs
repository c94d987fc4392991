//! go-units `HumanDuration`, as `docker images` CREATED uses it.

/// A duration in Docker's words: `Less than a second`, `About a minute`, `3 hours`,
/// `4 months`, `2 years`.
pub fn human_duration(ms: f64) -> String {
    let seconds = (ms / 1000.0) as i64;
    let minutes = (ms / 60_000.0) as i64;
    let hours = (ms / 3_600_000.0 + 0.5) as i64;
    if seconds < 1 {
        "Less than a second".into()
    } else if seconds == 1 {
        "1 second".into()
    } else if seconds < 60 {
        format!("{seconds} seconds")
    } else if minutes == 1 {
        "About a minute".into()
    } else if minutes < 60 {
        format!("{minutes} minutes")
    } else if hours == 1 {
        "About an hour".into()
    } else if hours < 48 {
        format!("{hours} hours")
    } else if hours < 24 * 7 * 2 {
        format!("{} days", hours / 24)
    } else if hours < 24 * 30 * 2 {
        format!("{} weeks", hours / 24 / 7)
    } else if hours < 24 * 365 * 2 {
        format!("{} months", hours / 24 / 30)
    } else {
        format!("{} years", (ms / 3_600_000.0) as i64 / 24 / 365)
    }
}

/// `docker images` CREATED: `<duration> ago` from `then` to `now` (ms since the epoch).
pub fn time_ago(then_ms: f64, now_ms: f64) -> String {
    format!("{} ago", human_duration(now_ms - then_ms))
}

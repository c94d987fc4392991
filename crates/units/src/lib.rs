//! Docker's human units, as `docker images` and `docker system df` print them
//! (github.com/docker/go-units): decimal sizes with three significant digits, durations
//! rounded the way `CREATED` shows them, and RFC 3339 instants to compute them from.
//!
//! ```
//! use berth_units::{human_size, time_ago};
//! assert_eq!(human_size(1840), "1.84kB");
//! assert_eq!(human_size(202_000_000), "202MB");
//! let now = 1_000_000_000_000.0;
//! assert_eq!(time_ago(now - 4.0 * 30.0 * 86_400_000.0, now), "4 months ago");
//! ```

mod ellipsis;
mod go_quote;
mod human_duration;
mod human_size;
mod rfc3339;

pub use ellipsis::ellipsis;
pub use go_quote::go_quote;
pub use human_duration::{human_duration, time_ago};
pub use human_size::{human_size, human_size_with_precision};
pub use rfc3339::{days_from_civil, days_in_month, rfc3339_ms};

use berth_units::human_size;
use leptos::prelude::*;

/// An SVG bar of this origin's storage use against the browser's quota.
#[component]
pub fn QuotaBar(usage: f64, quota: f64) -> impl IntoView {
    let share = if quota > 0.0 {
        (usage / quota).clamp(0.0, 1.0)
    } else {
        0.0
    };
    // At least a sliver, so that a small store is still visible.
    let width = (800.0 * share).max(2.0);
    view! {
        <svg class="chart quota" viewBox="0 0 800 28" role="img"
            aria-label=format!("{} used of {}", human_size(usage as u64), human_size(quota as u64))>
            <rect x="0" y="4" width="800" height="20" rx="4" class="bar-free" />
            <rect x="0" y="4" width=width height="20" rx="4" class="bar-unique" />
        </svg>
    }
}

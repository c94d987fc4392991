use std::sync::Arc;

use berth_store::{DiskUsage, ImageUsage, format_df_size};
use leptos::prelude::*;

const ROW: f64 = 26.0;
const LABEL: f64 = 260.0;
const WIDTH: f64 = 900.0;

/// An SVG chart of each image's size: unique part and shared part (layers other images use
/// too), so what `rmi` would free is visible at a glance.
#[component]
pub fn SharedBars(df: Arc<DiskUsage>) -> impl IntoView {
    if df.images.is_empty() {
        return view! { <p class="muted">"No images, nothing to chart."</p> }.into_any();
    }
    // The largest images; a chart of thousands of bars says nothing.
    const SHOWN: usize = 25;
    let more = df.images.len().saturating_sub(SHOWN);
    let mut images: Vec<&ImageUsage> = df.images.iter().collect();
    images.sort_by_key(|i| std::cmp::Reverse(i.size));
    images.truncate(SHOWN);
    let max = images.iter().map(|i| i.size).max().unwrap_or(1).max(1) as f64;
    let bar = WIDTH - LABEL - 110.0;
    let height = ROW * images.len() as f64 + 30.0;
    let rows = images
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let y = 24.0 + n as f64 * ROW;
            let unique = bar * i.unique_size as f64 / max;
            let shared = bar * i.shared_size as f64 / max;
            let name = if i.repository == "<none>" {
                i.image_id.encoded()[..12].to_owned()
            } else {
                format!("{}:{}", i.repository, i.tag)
            };
            let title = format!(
                "{name}: {} unique, {} shared",
                format_df_size(i.unique_size),
                format_df_size(i.shared_size)
            );
            view! {
                <g>
                    <title>{title}</title>
                    <text x=LABEL - 8.0 y=y + 13.0 text-anchor="end" class="chart-label">{name}</text>
                    <rect x=LABEL y=y width=unique.max(0.5) height=ROW - 8.0 class="bar-unique" rx="2" />
                    <rect x=LABEL + unique y=y width=shared height=ROW - 8.0 class="bar-shared" rx="2" />
                    <text x=LABEL + unique + shared + 6.0 y=y + 13.0 class="chart-value">{format_df_size(i.size)}</text>
                </g>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <figure class="chart" data-testid="df-chart">
            <svg viewBox=format!("0 0 {WIDTH} {height}") role="img" aria-label="Unique and shared size of each image">
                <rect x=LABEL y="4" width="10" height="10" class="bar-unique" />
                <text x=LABEL + 14.0 y="13" class="chart-legend">"unique"</text>
                <rect x=LABEL + 70.0 y="4" width="10" height="10" class="bar-shared" />
                <text x=LABEL + 84.0 y="13" class="chart-legend">"shared with other images"</text>
                {rows}
            </svg>
            {(more > 0).then(|| view! { <figcaption class="muted">{format!("The {SHOWN} largest images; {more} more in the table below with -v.")}</figcaption> })}
        </figure>
    }
    .into_any()
}

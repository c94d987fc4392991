//! One component per route.

mod browse;
mod disk;
mod image_detail;
mod images;
mod not_found;
mod registries;
mod search;

pub use browse::BrowsePage;
pub use disk::DiskPage;
pub use image_detail::ImageDetailPage;
pub use images::{ImagesPage, Listing};
pub use not_found::NotFound;
pub use registries::RegistriesPage;
pub use search::SearchPage;

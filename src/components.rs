//! Components shared by several pages.

mod error_panel;
mod images_table;
mod nav;
mod not_yet;
mod pull_form;
mod theme_toggle;

pub use error_panel::ErrorPanel;
pub use images_table::ImagesTable;
pub use nav::Nav;
pub use not_yet::NotYet;
pub use pull_form::PullForm;
pub use theme_toggle::ThemeToggle;

//! Components shared by several pages.

mod error_panel;
mod nav;
mod not_yet;
mod theme_toggle;

pub use error_panel::ErrorPanel;
pub use nav::Nav;
pub use not_yet::NotYet;
pub use theme_toggle::ThemeToggle;

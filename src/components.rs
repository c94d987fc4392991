//! Components shared by several pages.

mod command_output;
mod error_panel;
mod file_browser;
mod image_controls;
mod images_table;
mod nav;
mod pull_form;
mod quota_bar;
mod rmi_form;
mod shared_bars;
mod tag_form;
mod theme_toggle;

pub use command_output::CommandOutput;
pub use error_panel::ErrorPanel;
pub use file_browser::FileBrowser;
pub use image_controls::ImageControls;
pub use images_table::{ImageActions, ImagesTable};
pub use nav::Nav;
pub use pull_form::PullForm;
pub use quota_bar::QuotaBar;
pub use rmi_form::RmiForm;
pub use shared_bars::SharedBars;
pub use tag_form::TagForm;
pub use theme_toggle::ThemeToggle;

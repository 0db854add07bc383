//! The render engine shared by `gongkai build` and `gongkai serve`.
//!
//! ```text
//! load (config, theme, content) → model (Site → PublicSite) → Plan → render → write
//! ```
//!
//! A [`Plan`] names the outputs to produce: document pages, listing pages, the site-wide
//! pages (home, facets, bodies, catalogs), the normative index and statistics, the decision
//! catalog, the data/feed/sitemap files, the search index, the theme's and the site's static
//! files, and the attachments. [`run`] produces them with one render function per output kind.
//! `build` runs [`Plan::all`] once into a staging folder and swaps it into place; `serve` keeps
//! the model, the templates and the search index alive and runs the plan of the outputs an
//! edit affects ([`deps`]) into a scratch folder — the same functions, asked for fewer outputs.

pub(crate) mod deps;
mod plan;

use std::time::Instant;

pub use plan::{Bodies, DocSink, Inputs, Pages, Plan, Written, run};

/// Where stage timings go as they happen (a terminal line for `gongkai build`, nothing for
/// tests and serve). Passed in; there is no global switch.
pub trait Progress: Sync {
    /// Stage `name` finished after `secs` seconds.
    fn stage(&self, name: &'static str, secs: f64);
}

/// No progress output.
pub struct Silent;

impl Progress for Silent {
    fn stage(&self, _: &'static str, _: f64) {}
}

/// The one stage timer: laps are kept (for `--timings` and serve's log) and reported.
pub struct Timer<'p> {
    start: Instant,
    stages: Vec<(&'static str, f64)>,
    progress: &'p dyn Progress,
}

impl<'p> Timer<'p> {
    pub fn new(progress: &'p dyn Progress) -> Timer<'p> {
        Timer {
            start: Instant::now(),
            stages: Vec::new(),
            progress,
        }
    }

    /// The stage `name` ends now.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        let secs = (now - self.start).as_secs_f64();
        self.stages.push((name, secs));
        self.start = now;
        self.progress.stage(name, secs);
    }

    /// The stages so far, in seconds.
    pub fn stages(&self) -> &[(&'static str, f64)] {
        &self.stages
    }

    pub fn into_stages(self) -> Vec<(&'static str, f64)> {
        self.stages
    }
}

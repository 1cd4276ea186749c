//! `aliases:` old URLs of a briefing that must keep working after a rename;
//! each becomes a redirect page. Checked here, where every briefing's URL is
//! known, so a clash names the file and line.

use crate::briefing::Briefing;
use crate::diag::{Diagnostic, Diagnostics};
use crate::markdown::is_external;
use crate::url::Route;
use std::collections::HashMap;
use std::sync::Arc;

/// The redirect routes of each briefing, in the author's order; bad ones are
/// left out with an error.
pub(super) fn resolve(briefings: &[Arc<Briefing>], diags: &mut Diagnostics) -> Vec<Vec<Route>> {
    let own: HashMap<Route, &str> = briefings
        .iter()
        .map(|b| (Route::briefing(&b.slug), b.file.as_str()))
        .collect();
    let mut taken: HashMap<Route, &str> = HashMap::new();
    let mut out = Vec::with_capacity(briefings.len());
    for b in briefings {
        let mut routes = Vec::new();
        for alias in &b.aliases {
            let error = |message: String, help: &str| {
                Diagnostic::error(&b.file, Some(alias.pos), "alias/invalid", message)
                    .with_help(help.to_string())
            };
            let Some(route) = route_of(&alias.value) else {
                let help = if is_external(&alias.value) {
                    "an alias is a path on this site, such as `old/path/`, not a full URL"
                } else if alias.value.split('/').any(|s| s.len() > 255) {
                    "each part of the path may be at most 255 bytes long, the longest file name a disk takes"
                } else {
                    "write a path inside the site, such as `old/path/`, without `..`"
                };
                diags.push(error(
                    format!("alias `{}` is not a path on this site", alias.value),
                    help,
                ));
                continue;
            };
            if let Some(file) = own.get(&route) {
                let whose = if *file == b.file {
                    "this briefing's own URL".to_string()
                } else {
                    format!("the URL of `{file}`")
                };
                diags.push(error(
                    format!("alias `{}` is {whose}", alias.value),
                    "remove the alias; a page already lives there",
                ));
            } else if let Some(file) = taken.get(&route).filter(|f| **f != b.file) {
                diags.push(error(
                    format!("alias `{}` is also an alias of `{file}`", alias.value),
                    "an old URL can redirect to one briefing only; remove one of the two",
                ));
            } else if !routes.contains(&route) {
                taken.insert(route.clone(), &b.file);
                routes.push(route);
            }
        }
        out.push(routes);
    }
    out
}

/// `old/path`, `/old/path/` and `old/path/` are the folder `old/path/`;
/// `old/page.html` is that file.
fn route_of(alias: &str) -> Option<Route> {
    if is_external(alias) || alias.contains(['?', '#']) {
        return None;
    }
    let last = alias
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if last.ends_with(".html") || last.ends_with(".htm") {
        Route::asset(alias.trim_end_matches('/'))
    } else {
        Route::asset(&format!("{}/", alias.trim_end_matches('/')))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_get_their_final_slash_and_files_keep_their_name() {
        let r = |a| route_of(a).map(|r: Route| r.output_file());
        assert_eq!(r("old/path").as_deref(), Some("old/path/index.html"));
        assert_eq!(r("/old/path/").as_deref(), Some("old/path/index.html"));
        assert_eq!(r("2019/gas.html").as_deref(), Some("2019/gas.html"));
        for bad in [
            "../etc/passwd",
            "https://x.org/a",
            "/",
            "a/../../b",
            "a?b=1",
            "",
        ] {
            assert_eq!(r(bad), None, "{bad}");
        }
    }
}

//! Slugs: the URL-safe names of briefings and terms, and heading anchors.
//! "Middle East", "middle-east" and "Middle-East" are one slug; diacritics and
//! other scripts are folded to ASCII; a slug is never empty and never longer
//! than [`MAX_LEN`].

use serde::Serialize;
use std::fmt;

/// The longest slug, in bytes. A briefing's slug names a folder of the
/// output and file systems refuse names over 255 bytes; folding other scripts
/// to ASCII can make a slug several times longer than its file name.
pub const MAX_LEN: usize = 80;

/// A URL-safe, non-empty, lower-case ASCII name: `[a-z0-9]+(-[a-z0-9]+)*`,
/// at most [`MAX_LEN`] bytes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// The slug of any text: "Côte d'Ivoire" → `cote-divoire`, "東京" → `dong-jing`.
    /// Text with no letters or digits at all gets a stable `x-` + hash slug.
    /// Longer text is cut at the last `-` that fits in [`MAX_LEN`] bytes.
    pub fn new(text: &str) -> Slug {
        let folded = deunicode::deunicode(text);
        let mut out = String::with_capacity(folded.len());
        for c in folded.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if c == '\'' || c == '\u{2019}' {
                // "Xi's" reads better as `xis` than `xi-s`.
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        while out.ends_with('-') {
            out.pop();
        }
        if out.is_empty() {
            out = format!("x-{:08x}", fnv1a(text.as_bytes()) as u32);
        }
        if out.len() > MAX_LEN {
            // `out` is ASCII, so any byte index is a char boundary.
            let cut = if out.as_bytes()[MAX_LEN] == b'-' {
                MAX_LEN
            } else {
                out[..MAX_LEN].rfind('-').unwrap_or(MAX_LEN)
            };
            out.truncate(cut);
        }
        Slug(out)
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A heading anchor: lower case, letters and digits of any script kept,
/// spaces to `-`, punctuation dropped ("Energy cooperation" → `energy-cooperation`).
/// Never empty; never longer in chars than the text or `section`.
pub fn anchor(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            // "İ" lowers to "i" plus a combining dot, which is not a letter:
            // keeping it would make the id change when lowered again.
            out.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else if (c.is_whitespace() || c == '-' || c == '_')
            && !out.is_empty()
            && !out.ends_with('-')
        {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// 64-bit FNV-1a: a tiny stable hash for fallback slugs (not for security).
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_a_term_share_one_slug() {
        for s in [
            "Middle East",
            "middle-east",
            "Middle-East",
            "  MIDDLE   east ",
        ] {
            assert_eq!(Slug::new(s).as_str(), "middle-east");
        }
    }

    #[test]
    fn slugs_fold_diacritics_and_never_escape() {
        assert_eq!(Slug::new("Côte d'Ivoire").as_str(), "cote-divoire");
        assert_eq!(Slug::new("../../etc/passwd").as_str(), "etc-passwd");
        assert_eq!(
            Slug::new("<script>alert(1)</script>").as_str(),
            "script-alert-1-script"
        );
        assert!(Slug::new("!!!").as_str().starts_with("x-"));
        assert_eq!(Slug::new("!!!"), Slug::new("!!!"));
        assert_ne!(Slug::new("!!!"), Slug::new("???"));
    }

    #[test]
    fn slugs_are_idempotent() {
        for s in ["Power of Siberia 2", "東京", "🚀 launch", "a--b"] {
            let once = Slug::new(s);
            assert_eq!(Slug::new(once.as_str()), once);
        }
    }

    #[test]
    fn anchors_follow_heading_text() {
        assert_eq!(anchor("Energy cooperation"), "energy-cooperation");
        assert_eq!(anchor("Pricing: who pays?"), "pricing-who-pays");
        assert_eq!(anchor("???"), "section");
    }

    #[test]
    fn long_slugs_are_cut_at_a_word_boundary() {
        let long = "word ".repeat(40);
        let slug = Slug::new(&long);
        assert_eq!(slug.as_str().len(), 79);
        assert!(slug.as_str().ends_with("-word"));
        assert_eq!(Slug::new(slug.as_str()), slug);
        // 300 bytes as a file name, about 500 once folded to ASCII.
        let cjk = "東".repeat(100);
        assert!(Slug::new(&cjk).as_str().len() <= MAX_LEN);
        assert_eq!(Slug::new(&"a".repeat(200)).as_str(), "a".repeat(MAX_LEN));
        // Shrunk by the property tests: 9 × 13 chars fold to 90 bytes.
        let rtl = Slug::new(&"مرحبا بالعالم".repeat(9));
        assert!(rtl.as_str().len() <= MAX_LEN, "{rtl}");
        assert_eq!(Slug::new(rtl.as_str()), rtl);
    }

    #[test]
    fn anchors_drop_combining_marks_of_lowered_letters() {
        // Found by the property tests: "İ" lowers to "i\u{307}".
        assert_eq!(anchor("İ"), "i");
        assert_eq!(anchor(&anchor("İstanbul")), anchor("İstanbul"));
    }
}

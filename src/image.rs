//! Image dimensions, so every `<img>` carries `width` and `height` and the
//! page does not jump as images load. Only the file's header is read.

use std::path::Path;

/// Width and height in pixels of the image at `path`, when its format is
/// known (PNG, JPEG, GIF, WebP, AVIF, ... through `imagesize`; SVG from its
/// root element's `width`/`height`, else its `viewBox`).
pub fn size(path: &Path) -> Option<(u64, u64)> {
    let is_svg = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"));
    if is_svg {
        return svg_size(&std::fs::read_to_string(path).ok()?);
    }
    let s = imagesize::size(path).ok()?;
    Some((s.width as u64, s.height as u64)).filter(|&(w, h)| w > 0 && h > 0)
}

/// The `width`/`height` attributes of an image, or nothing when unknown.
pub fn attributes(path: &Path) -> String {
    size(path).map_or_else(String::new, |(w, h)| {
        format!(" width=\"{w}\" height=\"{h}\"")
    })
}

fn svg_size(text: &str) -> Option<(u64, u64)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "svg" => {
                let attr = |name: &str| -> Option<String> {
                    e.try_get_attribute(name)
                        .ok()
                        .flatten()
                        .map(|a| a.value.to_string())
                };
                let length = |v: Option<String>| -> Option<f64> {
                    let v = v?;
                    let v = v.trim().trim_end_matches("px");
                    v.parse::<f64>().ok().filter(|n| *n > 0.0)
                };
                if let (Some(w), Some(h)) = (length(attr("width")), length(attr("height"))) {
                    return Some((w.round() as u64, h.round() as u64));
                }
                let view_box = attr("viewBox")?;
                let n: Vec<f64> = view_box
                    .split([' ', ','])
                    .filter(|s| !s.is_empty())
                    .filter_map(|s| s.parse().ok())
                    .collect();
                return match n.as_slice() {
                    [_, _, w, h] if *w > 0.0 && *h > 0.0 => {
                        Some((w.round() as u64, h.round() as u64))
                    }
                    _ => None,
                };
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_size_comes_from_width_and_height_else_the_view_box() {
        assert_eq!(
            svg_size(
                r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640px" height="360"></svg>"#
            ),
            Some((640, 360))
        );
        assert_eq!(
            svg_size(r#"<svg viewBox="0 0 800 450"><rect/></svg>"#),
            Some((800, 450))
        );
        assert_eq!(svg_size(r#"<svg width="100%" height="50%"/>"#), None);
        assert_eq!(svg_size("not xml <"), None);
    }
}

#!/usr/bin/env python3
"""Every Atom feed of a built site parses in feedparser with no error flag,
and every entry links to a page that was built.

Usage: feeds.py SITE_DIR BASE_URL
  SITE_DIR  the build output (the folder holding atom.xml)
  BASE_URL  the --base-url it was built with, e.g. https://example.github.io/sitrep
"""
import pathlib
import sys

import feedparser


def page_for(site: pathlib.Path, base: str, url: str) -> pathlib.Path:
    if not url.startswith(base):
        sys.exit(f"entry link {url} is outside the site {base}")
    rel = url[len(base):].split("#")[0]
    return site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel


def main() -> None:
    site = pathlib.Path(sys.argv[1])
    base = sys.argv[2].rstrip("/") + "/"
    feeds = sorted(site.rglob("atom.xml"))
    if not feeds:
        sys.exit(f"no atom.xml under {site}")
    entries = 0
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        if feed.bozo:
            sys.exit(f"{path}: feedparser error: {feed.bozo_exception}")
        if feed.version != "atom10":
            sys.exit(f"{path}: parsed as {feed.version!r}, not Atom 1.0")
        if not feed.entries:
            sys.exit(f"{path}: no entries")
        for e in feed.entries:
            for field in ("id", "title", "link", "published", "updated", "summary", "content"):
                if not e.get(field):
                    sys.exit(f"{path}: entry {e.get('link')} has no {field}")
            if not e.get("tags"):
                sys.exit(f"{path}: entry {e.link} has no categories")
            target = page_for(site, base, e.link)
            if not target.is_file():
                sys.exit(f"{path}: entry link {e.link} has no page ({target})")
            entries += 1
    print(f"feedparser: {len(feeds)} feeds, {entries} entries, no errors, every entry link resolves")


if __name__ == "__main__":
    main()

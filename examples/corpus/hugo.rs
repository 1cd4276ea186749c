//! The Hugo side of the corpus: configuration and minimal layouts in the
//! template system of Hugo 0.146 and later (`layouts/home.html`, `page.html`,
//! `list.html`, `taxonomy.html`, `term.html`, `baseof.html`, `_partials/`).

/// `hugo.toml`; `{title}` is replaced.
pub const CONFIG: &str = r#"baseURL = "https://example.org/"
title = "{title}"
taxonomies = { topic = "topics", region = "regions" }

[pagination]
  pagerSize = 20

# Feeds list the newest 20 items, as sitrep's Atom feeds do.
[services.rss]
  limit = 20
"#;

/// `(path under layouts/, contents)`.
pub const LAYOUTS: &[(&str, &str)] = &[
    (
        "baseof.html",
        r#"<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}" title="{{ site.Title }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/briefings/" | relURL }}">Briefings</a> <a href="{{ "/topics/" | relURL }}">Topics</a> <a href="{{ "/regions/" | relURL }}">Regions</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
"#,
    ),
    (
        "home.html",
        r#"{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ $pager := .Paginate (where site.RegularPages "Section" "briefings") }}
<ul class="briefings">
{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}
</ul>
{{ partial "pager.html" $pager }}
{{ end }}
"#,
    ),
    (
        "list.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .RegularPages }}
<ul class="briefings">
{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}
</ul>
{{ partial "pager.html" $pager }}
{{ end }}
"#,
    ),
    (
        "term.html",
        r#"{{ define "main" }}
<h1>{{ .Data.Singular | title }}: {{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}
<ul class="briefings">
{{ range $pager.Pages }}{{ partial "item.html" . }}{{ end }}
</ul>
{{ partial "pager.html" $pager }}
{{ end }}
"#,
    ),
    (
        "taxonomy.html",
        r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
"#,
    ),
    (
        "page.html",
        r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ if .Lastmod.After .Date }} · Updated <time datetime="{{ .Lastmod.Format "2006-01-02" }}">{{ .Lastmod.Format "2 January 2006" }}</time>{{ end }}
{{ with .Params.authors }} · By {{ delimit . ", " " and " }}{{ end }}
· {{ .ReadingTime }} min read</p>
{{ with .Summary }}<p class="summary">{{ . }}</p>{{ end }}
<ul class="terms">
{{ range .GetTerms "topics" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}
{{ range .GetTerms "regions" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}
</ul>
{{ with .TableOfContents }}<nav class="toc">{{ . }}</nav>{{ end }}
{{ .Content }}
<nav class="prev-next">
{{ with .PrevInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}
</nav>
</article>
{{ end }}
"#,
    ),
    (
        "_partials/item.html",
        r#"<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 Jan 2006" }}</time>{{ with .Summary }}<p>{{ . }}</p>{{ end }}</li>
"#,
    ),
    (
        "_partials/pager.html",
        r#"{{ if gt .TotalPages 1 }}<nav class="pager">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">Newer</a>{{ end }}
Page {{ .PageNumber }} of {{ .TotalPages }}
{{ with .Next }}<a rel="next" href="{{ .URL }}">Older</a>{{ end }}
</nav>{{ end }}
"#,
    ),
];

/// `content/briefings/_index.md`.
pub const SECTION_INDEX: &str = "---\ntitle: Briefings\n---\n";

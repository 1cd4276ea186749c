// sitrep search: reads search/index.json (format: src/search.rs). No dependencies.
(() => {
  'use strict';
  const out = document.getElementById('search-results');
  const form = document.getElementById('search-form');
  if (!out || !form) return;
  const state = document.documentElement.dataset;
  const base = out.dataset.base || '';
  const f = form.elements;
  const K = '\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff';
  const RX = new RegExp(`[${K}]|(?:(?![${K}])[\\p{Alphabetic}\\p{N}])+`, 'gu');
  const ONE = new RegExp(`^[${K}]$`, 'u');
  const MON = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
  const FIELDS = [['title', 8], ['meta', 3], ['body', 1]]; // x2 exact: any title hit >= 8
  const DIG = new Uint8Array(128);
  for (let i = 0; i < 32; i++) {
    DIG['0123456789abcdefghijklmnopqrstuv'.charCodeAt(i)] = i;
    DIG['wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_'.charCodeAt(i)] = 32 + i;
  }
  let ix, W, stop, gen = 0, timer, list = [], shown = 0, terms = [];
  const pages = new Map();

  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const lower = w => Array.from(w, c => c.toLowerCase()).join('');
  const hits = w => { const l = lower(w); return terms.some(t => l.startsWith(t)); };

  // The words of a query, split as Rust's `tokens` splits text.
  function words(text) {
    const ws = [];
    for (const [w] of text.matchAll(RX)) {
      const n = [...w].length, l = lower(w);
      if ((ONE.test(w) || (n > 1 && n <= 40)) && !stop.has(l) && !ws.includes(l)) ws.push(l);
    }
    return ws;
  }

  // Appends text to parent with each matching word in a <mark>.
  function mark(parent, text) {
    let at = 0;
    for (const m of text.matchAll(RX)) {
      if (!hits(m[0])) continue;
      parent.append(text.slice(at, m.index), el('mark', '', m[0]));
      at = m.index + m[0].length;
    }
    parent.append(text.slice(at));
    return parent;
  }

  function decode(s) {
    const ids = [];
    for (let i = 0, n = 0, last = 0; i < s.length; i++) {
      const d = DIG[s.charCodeAt(i)];
      n = n * 32 + (d & 31);
      if (d < 32) { last = ids.length ? last + n : n; ids.push(last); n = 0; }
    }
    return ids;
  }

  // doc -> best score for one query word, exact or prefix, in any field.
  function find(term) {
    const m = new Map();
    let lo = 0, hi = W.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (W[mid] < term) lo = mid + 1; else hi = mid; }
    for (let i = lo; i < W.length && i < lo + 50 && W[i].startsWith(term); i++) {
      const x = W[i] === term ? 2 : 1;
      for (const [k, w] of FIELDS) for (const d of decode(ix[k][i])) if (!(m.get(d) >= w * x)) m.set(d, w * x);
    }
    return m;
  }

  // Region indexes at or below region r.
  function under(r) {
    const set = new Set();
    ix.regions.forEach((_, i) => {
      const seen = new Set(), todo = [i];
      while (todo.length) {
        const j = todo.pop();
        if (j === r) { set.add(i); break; }
        if (!seen.has(j)) { seen.add(j); todo.push(...(ix.regions[j][2] || [])); }
      }
    });
    return set;
  }

  function rank(topic, region) {
    const rs = region >= 0 && under(region);
    const ok = d => (topic < 0 || ix.docs[d][4].includes(topic)) && (!rs || ix.docs[d][5].some(r => rs.has(r)));
    if (!terms.length) return ix.docs.map((_, d) => d).filter(ok);
    const maps = terms.map(find).sort((a, b) => a.size - b.size), res = [];
    for (const d of maps[0].keys()) {
      if (!ok(d)) continue;
      let t = 0, s = 0;
      for (const m of maps) { const v = m.get(d); if (!v) { s = 0; break; } s += v; if (v >= 8) t++; }
      if (s) res.push([d, t, s]);
    }
    return res.sort((a, b) => b[1] - a[1] || b[2] - a[2] || a[0] - b[0]).map(r => r[0]);
  }

  function text(url) {
    if (!pages.has(url)) pages.set(url, fetch(url).then(r => r.ok ? r.text() : '').then(h => {
      const d = new DOMParser().parseFromString(h, 'text/html');
      const b = d.querySelector('.briefing-body') || d.querySelector('.prose') || d.querySelector('main');
      if (!b) return '';
      b.querySelectorAll('.anchor,.footnote-ref,script,style').forEach(e => e.remove());
      b.querySelectorAll('p,li,h1,h2,h3,h4,h5,h6,td,th,dd,dt,pre,br,figcaption').forEach(e => e.after(' '));
      return b.textContent.replace(/\s+/g, ' ').trim();
    }).catch(() => ''));
    return pages.get(url);
  }

  // Replaces the summary with ~30 words of the page around the first match.
  async function snippet(p, url, g) {
    const s = await text(url);
    if (g !== gen) return;
    let at = -1;
    for (const m of s.matchAll(RX)) if (hits(m[0])) { at = m.index; break; }
    if (at < 0) return;
    let a = at, b = at, n = 0;
    while (a > 0 && at - a < 120 && n < 10) if (s[--a] === ' ') n++;
    for (n = 0; b < s.length && b - at < 240 && n < 21; ) if (s[++b] === ' ') n++;
    p.replaceChildren();
    mark(p, (a > 0 ? '… ' : '') + s.slice(a, b).trim() + (b < s.length ? ' …' : ''));
  }

  const date = iso => { const [y, m, d] = iso.split('-'); return `${+d} ${MON[m - 1]} ${y}`; };

  function more(g) {
    const ol = out.querySelector('ol'), jobs = [];
    let first;
    for (const d of list.slice(shown, shown + 20)) {
      const [title, url, iso, summary, tops, regs] = ix.docs[d];
      const li = el('li', 'search-result'), h = el('h2', 'search-title'), a = el('a');
      a.href = base + url;
      h.append(mark(a, title));
      const meta = el('p', 'meta'), time = el('time', '', date(iso));
      time.dateTime = iso;
      meta.append(time, ...[tops.map(t => ix.topics[t][1]), regs.map(r => ix.regions[r][1])]
        .filter(x => x.length).map(x => ' · ' + x.join(', ')));
      const p = mark(el('p', 'search-snippet'), summary);
      li.append(h, meta, p);
      ol.append(li);
      first = first || a;
      if (terms.length) jobs.push(snippet(p, base + url, g));
    }
    shown += 20;
    out.querySelector('.search-more')?.remove();
    if (shown < list.length) {
      const btn = el('button', 'search-more', `Show more (${list.length - shown})`);
      btn.type = 'button';
      btn.onclick = () => { state.searchState = 'loading'; more(gen).focus(); };
      out.append(btn);
    }
    Promise.all(jobs).then(() => { if (g === gen) state.searchState = 'done'; });
    return first;
  }

  function run() {
    if (!ix) return;
    const q = f.q.value.trim(), topic = f.topic.value, region = f.region.value, g = ++gen;
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    if (topic) params.set('topic', topic);
    if (region) params.set('region', region);
    history.replaceState(history.state, '', `${params}` ? `?${params}` : location.pathname);
    state.searchState = 'loading';
    terms = words(q);
    const ti = ix.topics.findIndex(t => t[0] === topic), ri = ix.regions.findIndex(r => r[0] === region);
    out.replaceChildren();
    if (!terms.length && !topic && !region) {
      if (q) out.append(el('p', 'search-empty', 'Type a word of two letters or more; very common words such as “the” are not indexed.'));
      state.searchState = 'done';
      return;
    }
    list = rank(ti, ri);
    shown = 0;
    if (!list.length) {
      out.append(el('p', 'search-empty', `No briefings match${q ? ` “${q}”` : ''}${topic || region ? ' with these filters' : ''}. Try fewer or shorter words, or another topic or region.`));
      state.searchState = 'done';
      return;
    }
    out.append(el('p', 'search-count', `${list.length} briefing${list.length > 1 ? 's' : ''}`), el('ol', 'search-list'));
    more(g);
  }

  const params = new URLSearchParams(location.search);
  for (const k of ['q', 'topic', 'region']) if (params.has(k) && f[k]) f[k].value = params.get(k);
  form.addEventListener('submit', e => { e.preventDefault(); clearTimeout(timer); run(); });
  form.addEventListener('input', e => { if (e.target === f.q) { clearTimeout(timer); timer = setTimeout(run, 100); } });
  form.addEventListener('change', e => { if (e.target.tagName === 'SELECT') run(); });
  state.searchState = 'loading';
  fetch(out.dataset.index).then(r => r.json()).then(j => {
    if (j.version !== 1) throw new Error('index version');
    ix = j; W = j.words; stop = new Set(j.stop);
    run();
  }).catch(() => {
    out.replaceChildren(el('p', 'search-empty', 'Search is unavailable: the search index could not be loaded. Browse by topic, region or the archive instead.'));
    state.searchState = 'error';
  });
})();

// sitrep search over search/index.json (format: src/search.rs). No dependencies.
(() => {
const out = document.getElementById('search-results'), form = document.getElementById('search-form');
if (!out || !form) return;
const f = form.elements, base = out.dataset.base || '';
const K = '\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff';
const RX = RegExp(`([${K}])|(?:(?![${K}])[\\p{Alphabetic}\\p{N}])+`, 'gu'); // group 1: one ideograph
// FINAL then CONTINUE digits: >= 32 continues a number.
const DIG = new Uint8Array(128), pages = new Map();
[...'0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_'].forEach((c, i) => DIG[c.charCodeAt()] = i);
let ix, stop, gen = 0, timer, list, shown, terms = [];

const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
};
// Test hook: <html data-search-state=loading|done|error>; screen readers wait while busy.
const state = s => { document.documentElement.dataset.searchState = s; out.setAttribute('aria-busy', s == 'loading'); };
const say = (text, s = 'done') => { out.replaceChildren(...text ? [el('p', 'search-empty', text)] : []); state(s); };
const lower = w => Array.from(w, c => c.toLowerCase()).join(''); // per char, as Rust does
const hit = w => (w = lower(w), terms.some(t => w.startsWith(t)));
const mark = (node, text, at = 0) => { // each matching word in a <mark>
  for (const m of text.matchAll(RX)) if (hit(m[0])) node.append(text.slice(at, m.index), el('mark', '', m[0])), at = m.index + m[0].length;
  node.append(text.slice(at));
  return node;
};

// Map doc -> best score of one query word: title 8, meta 3, body 1; x2 if exact.
function find(term) {
  const W = ix.words, m = new Map();
  let lo = 0, hi = W.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; W[mid] < term ? lo = mid + 1 : hi = mid; }
  for (let i = lo; i < lo + 50 && W[i]?.startsWith(term); i++)
    for (const [k, v] of [['title', 8], ['meta', 3], ['body', 1]]) {
      const s = ix[k][i], x = W[i] == term ? 2 * v : v, add = d => { if (!(m.get(d) >= x)) m.set(d, x); };
      if (s[0] == '~') { // a bitmap: six docs a character
        for (let j = 1; j < s.length; j++) for (let b = 0, c = DIG[s.charCodeAt(j)]; c; b++, c >>= 1) if (c & 1) add((j - 1) * 6 + b);
        continue;
      }
      for (let j = 0, n = 0, d = -1, c; j < s.length; j++) {
        n = n * 32 + ((c = DIG[s.charCodeAt(j)]) & 31);
        if (c < 32) { d = d < 0 ? n : d + n; n = 0; add(d); }
      }
    }
  return m;
}

function rank(topic, region) {
  const up = (r, seen = new Set()) => r == region || (!seen.has(r) && seen.add(r) && ix.regions[r][2].some(p => up(p, seen)));
  const ok = d => (topic < 0 || ix.docs[d][4].includes(topic)) && (region < 0 || ix.docs[d][5].some(r => up(r)));
  if (!terms.length) return ix.docs.map((_, d) => d).filter(ok);
  const maps = terms.map(find).sort((a, b) => a.size - b.size), res = [];
  for (const d of maps[0].keys()) if (ok(d)) {
    let t = 0, s = 0;
    for (const m of maps) { const v = m.get(d); if (!v) { s = 0; break; } s += v; t += v >= 8; }
    if (s) res.push([d, t, s]);
  }
  return res.sort((a, b) => b[1] - a[1] || b[2] - a[2] || a[0] - b[0]).map(r => r[0]);
}

// Replaces a summary with some 30 words of the briefing around the first match.
async function snippet(p, url, g) {
  if (!pages.has(url)) pages.set(url, fetch(url).then(r => r.ok ? r.text() : '').then(h => {
    const d = new DOMParser().parseFromString(h, 'text/html'), b = d.querySelector('.briefing-body,.prose') || d.querySelector('main');
    if (!b) return '';
    b.querySelectorAll('.anchor,.footnote-ref,script,style').forEach(e => e.remove());
    b.querySelectorAll('h2,h3,h4,h5,h6,li,td,th').forEach(e => e.append(e.tagName[0] == 'H' ? ' — ' : ' '));
    return b.textContent.replace(/\s+/g, ' ').trim();
  }).catch(() => ''));
  const s = await pages.get(url);
  let at = -1, a, b, n = 0;
  for (const m of s.matchAll(RX)) if (hit(m[0])) { at = m.index; break; }
  if (g != gen || at < 0) return;
  for (a = at; a > 0 && at - a < 120 && n < 10; ) n += s[--a] == ' ';
  for (b = at, n = 0; b < s.length && b - at < 240 && n < 21; ) n += s[++b] == ' ';
  p.replaceChildren();
  mark(p, (a ? '… ' : '') + s.slice(a, b).trim() + (b < s.length ? ' …' : ''));
}

function more(g) {
  const jobs = [], ol = out.querySelector('ol');
  let first;
  for (const d of list.slice(shown, shown += 20)) {
    const [title, url, iso, summary, tops, regs] = ix.docs[d], [y, mo, day] = iso.split('-');
    const li = ol.appendChild(el('li', 'search-result')), a = el('a', ''), meta = el('p', 'meta');
    const time = el('time', '', `${+day} ${'JanFebMarAprMayJunJulAugSepOctNovDec'.substr(mo * 3 - 3, 3)} ${y}`);
    const p = mark(el('p', 'search-snippet'), summary);
    a.href = base + url;
    time.dateTime = iso;
    meta.append(time, ...[tops.map(t => ix.topics[t][1]), regs.map(r => ix.regions[r][1])].filter(x => x.length).map(x => ' · ' + x.join(', ')));
    li.append(el('h2', 'search-title'), meta, p);
    li.firstChild.append(mark(a, title));
    first = first || a;
    if (terms.length) jobs.push(snippet(p, base + url, g));
  }
  out.querySelector('.search-more')?.remove();
  if (shown < list.length) {
    const btn = out.appendChild(el('button', 'search-more', `Show more (${list.length - shown})`));
    btn.type = 'button';
    btn.onclick = () => { state('loading'); more(gen).focus(); };
  }
  Promise.all(jobs).then(() => { if (g == gen) state('done'); });
  return first;
}

function run() {
  if (!ix) return;
  const q = f.q.value.trim(), topic = f.topic.value, region = f.region.value, g = ++gen;
  const qs = `${new URLSearchParams(Object.entries({ q, topic, region }).filter(e => e[1]))}`;
  history.replaceState(null, '', qs ? '?' + qs : location.pathname);
  state('loading');
  terms = [];
  for (const [w, one] of q.matchAll(RX)) {
    const n = [...w].length, l = lower(w);
    if ((one || (n > 1 && n <= 40)) && !stop.has(l) && !terms.includes(l)) terms.push(l);
  }
  if (!terms.length && !topic && !region) return say(q && 'Type a longer or less common word.');
  const t0 = performance.now();
  list = rank(ix.topics.findIndex(t => t[0] == topic), ix.regions.findIndex(r => r[0] == region));
  document.documentElement.dataset.searchMs = (performance.now() - t0).toFixed(1); // for benchmarks
  shown = 0;
  if (!list.length) return say(`No briefings match${q ? ` “${q}”` : ''}${topic || region ? ' with these filters' : ''}. Try other words or filters.`);
  out.replaceChildren(el('p', 'search-count', `${list.length} briefing${list.length > 1 ? 's' : ''}`), el('ol', 'search-list'));
  more(g);
}

const params = new URLSearchParams(location.search);
for (const k of ['q', 'topic', 'region']) if (params.has(k)) f[k].value = params.get(k);
form.onsubmit = e => { e.preventDefault(); clearTimeout(timer); run(); };
form.oninput = e => { if (!ix) return; clearTimeout(timer); state('loading'); timer = setTimeout(run, e.target == f.q && 100); };
state('loading');
fetch(out.dataset.index).then(r => r.json()).then(j => {
  if (j.version != 1) throw 0;
  ix = j;
  stop = new Set(j.stop);
  run();
}).catch(() => say('Search is unavailable: the index could not be loaded.', 'error'));
})();

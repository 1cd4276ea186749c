//! Sentences from templates and word banks. Every choice goes through the
//! briefing's own seeded generator, so a briefing's text depends only on its seed
//! and its plan.

use super::words::{self, REGIONS, Region, TOPICS, Topic};
use rand::rngs::StdRng;
use rand::{Rng, RngCore};

/// What an invented name stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// "Ostara Holdings"
    Company,
    /// "Ostara-Velmir Pipeline", said with "the"
    Project,
    /// A person; `role` is one of [`words::ROLES`].
    Official { role: &'static str },
    /// A city, port or province
    Place,
    /// "Ostara Accord", said with "the"
    Agreement,
}

/// An invented company, project, official, place or agreement.
pub struct Entity {
    /// Full name.
    pub name: String,
    /// What it is.
    pub kind: Kind,
    /// Index into [`REGIONS`].
    pub region: usize,
    /// Index into [`TOPICS`].
    pub topic: usize,
}

impl Entity {
    /// The name as the object of a sentence ("the Ostara Pipeline", "Ostara Holdings").
    pub fn mention(&self) -> String {
        match self.kind {
            Kind::Project | Kind::Agreement => format!("the {}", self.name),
            Kind::Official { role } => {
                format!("{} {} {}", REGIONS[self.region].adj, role, self.name)
            }
            _ => self.name.clone(),
        }
    }
}

/// A noun phrase and whether it takes a plural verb.
pub struct Np {
    pub text: String,
    pub plural: bool,
}

/// The invented entities, shared by every briefing.
pub struct World {
    pub entities: Vec<Entity>,
    /// Entity indices by region, most prominent first.
    pub by_region: Vec<Vec<usize>>,
}

/// A zipf-like index in `0..n`: P(k) ∝ ln((k+2)/(k+1)) ≈ 1/(k+1.5).
pub fn zipf_index(rng: &mut impl RngCore, n: usize) -> usize {
    debug_assert!(n > 0);
    let u: f64 = rng.random();
    let k = ((n as f64 + 1.0).powf(u) - 1.0) as usize;
    k.min(n - 1)
}

/// An invented proper name of 2–3 syllables.
pub fn invented_name(rng: &mut impl RngCore) -> String {
    let n = if rng.random_bool(0.7) { 2 } else { 3 };
    let mut s = String::new();
    for _ in 0..n {
        s.push_str(words::SYLLABLES[rng.random_range(0..words::SYLLABLES.len())]);
    }
    capitalise(&s)
}

/// `s` with its first letter upper-cased.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "China's", "the United States'".
pub fn possessive(name: &str) -> String {
    if name.ends_with('s') {
        format!("{name}'")
    } else {
        format!("{name}'s")
    }
}

fn article(word: &str) -> &'static str {
    let lower = word.to_ascii_lowercase();
    let vowel = lower.starts_with(['a', 'e', 'i', 'o', 'u']);
    let exception = ["uni", "use", "eu", "one", "uranium", "ura"]
        .iter()
        .any(|p| lower.starts_with(p));
    // "an LNG cargo", "an AI model", "an SWU": letters read as names.
    let letters = ["lng", "ai ", "swu", "imf", "un ", "5g", "ddos", "gpu"]
        .iter()
        .any(|p| lower.starts_with(p));
    if letters {
        if lower.starts_with("5g") || lower.starts_with("gpu") {
            "a"
        } else {
            "an"
        }
    } else if vowel && !exception {
        "an"
    } else {
        "a"
    }
}

/// Replaces `{R}`, `{C}`, `{E}`, `{Y}` (earlier year), `{F}` (later year), `{M}`, `{A}` in a template.
pub struct Fill<'s> {
    pub region: &'s str,
    pub capital: &'s str,
    pub entity: &'s str,
    pub year: i32,
    pub future: i32,
    pub month: &'s str,
    pub abstract_: &'s str,
}

impl Fill<'_> {
    pub fn apply(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(i) = rest.find('{') {
            out.push_str(&rest[..i]);
            let end = rest[i..].find('}').map_or(rest.len(), |e| i + e);
            match &rest[i + 1..end] {
                "R" => out.push_str(self.region),
                "C" => out.push_str(self.capital),
                "E" => out.push_str(self.entity),
                "Y" => out.push_str(&self.year.to_string()),
                "F" => out.push_str(&self.future.to_string()),
                "M" => out.push_str(self.month),
                "A" => out.push_str(self.abstract_),
                other => {
                    out.push('{');
                    out.push_str(other);
                    out.push('}');
                }
            }
            rest = &rest[(end + 1).min(rest.len())..];
        }
        out.push_str(rest);
        out
    }
}

/// Writes the prose of one briefing.
pub struct Gen<'a> {
    pub rng: StdRng,
    pub world: &'a World,
    pub regions: &'a [usize],
    pub topics: &'a [usize],
    pub cast: &'a [usize],
    pub year: i32,
    /// Whether the subject of the clause being written is plural ("their", not "its").
    pub plural: bool,
}

impl<'a> Gen<'a> {
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    pub fn range(&mut self, lo: usize, hi_inclusive: usize) -> usize {
        self.rng.random_range(lo..=hi_inclusive)
    }

    pub fn uniform<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.rng.random_range(0..xs.len())]
    }

    pub fn zipf<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[zipf_index(&mut self.rng, xs.len())]
    }

    /// One of the briefing's regions, now and then any region.
    pub fn region(&mut self) -> &'static Region {
        let own = if self.regions.len() == 1 { 0.7 } else { 0.85 };
        if self.chance(own) || self.regions.is_empty() {
            let i = zipf_index(&mut self.rng, self.regions.len().max(1));
            &REGIONS[self.regions.get(i).copied().unwrap_or(0)]
        } else {
            &REGIONS[zipf_index(&mut self.rng, REGIONS.len())]
        }
    }

    /// A region the briefing is not mainly about: its other regions, or any.
    pub fn other_region(&mut self) -> &'static Region {
        if self.regions.len() > 1 && self.chance(0.6) {
            let i = self.rng.random_range(1..self.regions.len());
            return &REGIONS[self.regions[i]];
        }
        for _ in 0..6 {
            let i = zipf_index(&mut self.rng, REGIONS.len());
            if !self.regions.contains(&i) {
                return &REGIONS[i];
            }
        }
        &REGIONS[self.rng.random_range(0..REGIONS.len())]
    }

    /// A country the briefing is not mainly about.
    pub fn other_country(&mut self) -> &'static Region {
        for _ in 0..6 {
            let r = self.other_region();
            if !r.capital.is_empty() {
                return r;
            }
        }
        &REGIONS[if self.regions[0] == 0 { 1 } else { 0 }]
    }

    /// A region that has a capital.
    pub fn country(&mut self) -> &'static Region {
        for _ in 0..4 {
            let r = self.region();
            if !r.capital.is_empty() {
                return r;
            }
        }
        &REGIONS[zipf_index(&mut self.rng, 5)]
    }

    pub fn topic(&mut self) -> &'static Topic {
        if self.chance(0.9) {
            let i = zipf_index(&mut self.rng, self.topics.len());
            &TOPICS[self.topics[i]]
        } else {
            &TOPICS[zipf_index(&mut self.rng, TOPICS.len())]
        }
    }

    /// One of the briefing's cast, now and then any entity of its regions.
    pub fn entity(&mut self) -> &'a Entity {
        let w = self.world;
        if !self.cast.is_empty() && self.chance(0.85) {
            let i = self.rng.random_range(0..self.cast.len());
            return &w.entities[self.cast[i]];
        }
        let r = self.regions[self.rng.random_range(0..self.regions.len())];
        let list = &w.by_region[r];
        &w.entities[list[zipf_index(&mut self.rng, list.len())]]
    }

    /// An entity that is not a person (for headings and titles).
    pub fn thing(&mut self) -> &'a Entity {
        for _ in 0..6 {
            let e = self.entity();
            if !matches!(e.kind, Kind::Official { .. }) {
                return e;
            }
        }
        let w = self.world;
        w.entities
            .iter()
            .find(|e| !matches!(e.kind, Kind::Official { .. }))
            .expect("the world has non-person entities")
    }

    /// A named project: from the cast when it has one, else from the briefing's regions.
    pub fn project(&mut self) -> &'a Entity {
        let w = self.world;
        let own: Vec<usize> = self
            .cast
            .iter()
            .copied()
            .filter(|&e| w.entities[e].kind == Kind::Project)
            .collect();
        if !own.is_empty() && self.chance(0.6) {
            return &w.entities[own[self.rng.random_range(0..own.len())]];
        }
        for _ in 0..20 {
            let r = self.regions[self.rng.random_range(0..self.regions.len())];
            let list = &w.by_region[r];
            let e = &w.entities[list[zipf_index(&mut self.rng, list.len())]];
            if e.kind == Kind::Project {
                return e;
            }
        }
        w.entities
            .iter()
            .find(|e| e.kind == Kind::Project)
            .expect("the world has projects")
    }

    /// The briefing's year or one before it, recent ones likelier.
    pub fn year_near(&mut self) -> i32 {
        self.year - zipf_index(&mut self.rng, 9) as i32
    }

    pub fn month(&mut self) -> &'static str {
        self.uniform(words::MONTHS)
    }

    pub fn adj(&mut self) -> &'static str {
        self.zipf(words::ADJECTIVES)
    }

    pub fn abstract_(&mut self) -> &'static str {
        self.zipf(words::ABSTRACTS)
    }

    pub fn topic_noun(&mut self) -> &'static str {
        let t = self.topic();
        self.zipf(t.nouns)
    }

    /// Replaces placeholders in `template` with this briefing's names.
    pub fn fill_template(&mut self, template: &str) -> String {
        let r = self.country();
        let e = self.thing();
        let abstract_ = self.abstract_();
        let month = self.month();
        let year = self.year - zipf_index(&mut self.rng, 9) as i32;
        let future = self.year + self.range(1, 5) as i32;
        Fill {
            region: self.region().said(),
            capital: r.capital,
            entity: &e.name,
            year,
            future,
            month,
            abstract_,
        }
        .apply(template)
    }

    pub fn money(&mut self) -> String {
        if self.chance(0.6) {
            let x = self.rng.random_range(2..400) as f64 / 10.0;
            format!("${x:.1}bn")
        } else {
            format!("${}m", self.rng.random_range(3..99) * 10)
        }
    }

    pub fn percent(&mut self) -> String {
        if self.chance(0.5) {
            format!("{} per cent", self.rng.random_range(2..60))
        } else {
            let x = self.rng.random_range(5..400) as f64 / 10.0;
            format!("{x:.1} per cent")
        }
    }

    /// A number with a unit.
    pub fn quantity(&mut self, unit: &str) -> String {
        match unit {
            "%" => self.percent(),
            "$" => self.money(),
            "barrels a day" | "TEU" | "containers" | "people" | "personnel" | "units" => {
                let x = self.rng.random_range(1..150) as f64 / 10.0;
                format!("{x:.1}m {unit}")
            }
            "bn cubic metres" | "million tonnes" | "gigawatts" | "visits" | "agreements"
            | "launches" | "megawatts" => {
                let x = self.rng.random_range(2..90);
                format!("{x} {unit}")
            }
            _ => {
                let n = self.rng.random_range(3..2000);
                if n > 999 {
                    format!("{},{:03} {unit}", n / 1000, n % 1000)
                } else if self.chance(0.4) {
                    format!("{}.{} {unit}", n / 10, n % 10)
                } else {
                    format!("{n} {unit}")
                }
            }
        }
    }

    /// Who does something.
    pub fn actor(&mut self) -> Np {
        let x: f64 = self.rng.random();
        let np = |text: String, plural| Np { text, plural };
        if x < 0.2 {
            let r = self.country();
            np(r.capital.to_string(), false)
        } else if x < 0.3 {
            let r = self.region();
            if r.capital.is_empty() {
                let who = self.uniform(&["governments", "capitals", "officials", "companies"]);
                np(format!("{who} across {}", r.name), true)
            } else {
                np(r.said().to_string(), false)
            }
        } else if x < 0.4 {
            let r = self.country();
            np(format!("the {} government", r.adj), false)
        } else if x < 0.52 {
            let r = self.region();
            let who = self.zipf(&[
                "officials",
                "negotiators",
                "companies",
                "diplomats",
                "planners",
                "lenders",
                "analysts",
                "regulators",
                "exporters",
                "lawmakers",
            ]);
            np(format!("{} {who}", r.adj), true)
        } else if x < 0.67 {
            let r = self.country();
            let t = self.topic();
            let inst = self.zipf(t.institutions);
            np(format!("the {} {inst}", r.adj), false)
        } else if x < 0.9 {
            let e = self.entity();
            match e.kind {
                Kind::Company => np(e.name.clone(), false),
                Kind::Official { .. } => np(
                    if self.chance(0.6) {
                        e.mention()
                    } else {
                        e.name.clone()
                    },
                    false,
                ),
                Kind::Project => {
                    let who = self.uniform(&[
                        "the consortium behind",
                        "the operator of",
                        "investors in",
                        "the lenders to",
                    ]);
                    let plural = who.starts_with("investors") || who.starts_with("the lenders");
                    np(format!("{who} {}", e.mention()), plural)
                }
                Kind::Agreement => {
                    let who = self.uniform(&["the signatories of", "the parties to"]);
                    np(format!("{who} {}", e.mention()), true)
                }
                Kind::Place => np(format!("the authorities in {}", e.name), true),
            }
        } else {
            np(self.zipf(words::GENERIC_ACTORS).to_string(), true)
        }
    }

    /// What is acted on.
    pub fn object(&mut self) -> String {
        if self.chance(0.6) {
            self.concrete()
        } else {
            self.abstract_object()
        }
    }

    /// A thing that can be signed, built, financed or delayed.
    pub fn concrete(&mut self) -> String {
        let x: f64 = self.rng.random();
        if x < 0.22 {
            let e = self.thing();
            match e.kind {
                Kind::Place => format!("access to {}", e.name),
                Kind::Company => {
                    let what = self.uniform(&[
                        "a stake in",
                        "a contract with",
                        "the licence held by",
                        "a joint venture with",
                        "the assets of",
                    ]);
                    format!("{what} {}", e.name)
                }
                _ => e.mention(),
            }
        } else if x < 0.65 {
            let adj = self.adj();
            let noun = self.topic_noun();
            if self.chance(0.5) {
                format!("the {adj} {noun}")
            } else {
                format!("{} {adj} {noun}", article(adj))
            }
        } else if x < 0.8 {
            let m = self.money();
            let n = self.zipf(words::MONEY_NOUNS);
            if self.chance(0.5) {
                let t = self.topic_noun();
                format!("a {m} {n} for the {t}")
            } else {
                format!("a {m} {n}")
            }
        } else {
            let r = self.region();
            let n = self.topic_noun();
            format!("{} {n}", possessive(r.said()))
        }
    }

    /// A quality or relation: leverage, dependence, "its exposure".
    pub fn abstract_object(&mut self) -> String {
        let x: f64 = self.rng.random();
        if x < 0.4 {
            let a = self.abstract_();
            if self.chance(0.5) {
                let its = if self.plural { "their" } else { "its" };
                format!("{its} {a}")
            } else {
                let r = self.region();
                format!("{} {a}", possessive(r.said()))
            }
        } else if x < 0.65 {
            let a = self.abstract_();
            let n = self.topic_noun();
            format!("{a} over the {n}")
        } else {
            let adj = self.adj();
            let a = self.abstract_();
            format!("{adj} {a}")
        }
    }

    /// A verb and an object it can take.
    pub fn verb_object(&mut self) -> (words::Verb, String) {
        let abstract_ = self.chance(0.4);
        loop {
            let v = self.zipf(words::VERBS);
            let fits = if abstract_ {
                words::ABSTRACT_VERBS.contains(&v.0)
            } else {
                !words::ABSTRACT_ONLY_VERBS.contains(&v.0)
            };
            if fits {
                let o = if abstract_ {
                    self.abstract_object()
                } else {
                    self.concrete()
                };
                return (v, o);
            }
        }
    }

    /// A prepositional phrase.
    pub fn pp(&mut self) -> String {
        match self.range(0, 16) {
            0 | 1 => format!("in {}", self.year_near()),
            2 => format!("in {} {}", self.month(), self.year_near()),
            3 | 4 => format!("with {}", self.other_region().said()),
            5 => {
                let e = self.entity();
                format!("through {}", e.mention())
            }
            6 => format!("despite {}", self.abstract_()),
            7 => format!("ahead of the {} talks", self.topic_noun()),
            8 => format!("at a cost of {}", self.money()),
            9 => format!(
                "for the first time since {}",
                self.year - 1 - self.range(1, 12) as i32
            ),
            10 => format!(
                "over {} objections",
                possessive(self.other_country().capital)
            ),
            11 => format!("on {} terms", self.adj()),
            12 => format!("after {} years of talks", self.range(2, 14)),
            13 => format!("in exchange for {}", self.object()),
            14 => format!("without {} {}", self.adj(), self.abstract_()),
            15 => format!("within {} months", self.range(2, 36)),
            _ => format!("for {}", self.region().said()),
        }
    }

    fn maybe_pp(&mut self, p: f64) -> String {
        if self.chance(p) {
            format!(" {}", self.pp())
        } else {
            String::new()
        }
    }

    fn maybe_adverb(&mut self, p: f64) -> String {
        if self.chance(p) {
            format!("{} ", self.zipf(words::ADVERBS))
        } else {
            String::new()
        }
    }

    /// Subject and predicate, no final stop.
    pub fn clause(&mut self) -> String {
        let s = self.actor();
        self.plural = s.plural;
        let be = if s.plural { "are" } else { "is" };
        match self.range(0, 19) {
            0..=5 => {
                let ((_, _, past, _), o) = self.verb_object();
                let adv = self.maybe_adverb(0.2);
                let pp = self.maybe_pp(0.5);
                format!("{} {adv}{past} {o}{pp}", s.text)
            }
            6 | 7 => {
                let ((_, _, _, part), o) = self.verb_object();
                let have = if s.plural { "have" } else { "has" };
                let adv = self.maybe_adverb(0.3);
                let pp = self.maybe_pp(0.4);
                format!("{} {have} {adv}{part} {o}{pp}", s.text)
            }
            8..=10 => {
                let ((base, ..), o) = self.verb_object();
                let (one, many) = self.zipf(words::MODALS);
                let m = if s.plural { many } else { one };
                let pp = self.maybe_pp(0.4);
                format!("{} {m} {base} {o}{pp}", s.text)
            }
            11 | 12 => {
                let adv = self.maybe_adverb(0.4);
                let p = self.zipf(words::PREDICATES);
                let o = self.object();
                format!("{} {be} {adv}{p} {o}", s.text)
            }
            13 | 14 => {
                let ((base, third, ..), o) = self.verb_object();
                let v = if s.plural { base } else { third };
                let pp = self.maybe_pp(0.4);
                format!("{} {v} {o}{pp}", s.text)
            }
            15 => {
                let ((base, ..), o) = self.verb_object();
                let c = if s.plural { "continue" } else { "continues" };
                format!("{} {c} to {base} {o}", s.text)
            }
            16 | 17 => {
                let n = self.topic_noun();
                let v = self.uniform(&[
                    "remains",
                    "looks",
                    "appears",
                    "is",
                    "was",
                    "has become",
                    "is becoming",
                    "still looks",
                    "proved",
                ]);
                let adv = self.maybe_adverb(0.3);
                let a = self.zipf(words::EVALUATIVE);
                let pp = self.maybe_pp(0.3);
                format!("the {n} {v} {adv}{a}{pp}")
            }
            _ => {
                let a = self.abstract_();
                let n = self.topic_noun();
                let adj = self.zipf(words::ISSUE_ADJECTIVES);
                let v =
                    self.uniform(&["has become", "is now", "was always", "remains", "is still"]);
                format!("{a} over the {n} {v} the {adj} issue")
            }
        }
    }

    /// The one- or two-sentence summary: about the briefing's first region and topic.
    pub fn summary(&mut self) -> String {
        let r = &REGIONS[self.regions[0]];
        let t = &TOPICS[self.topics[0]];
        self.plural = r.capital.is_empty();
        let who = if r.capital.is_empty() {
            format!("Governments across {}", r.name)
        } else if self.chance(0.5) {
            r.capital.to_string()
        } else {
            let inst = self.zipf(t.institutions);
            format!("The {} {inst}", r.adj)
        };
        let ((_, _, past, _), o) = self.verb_object();
        let pp = self.maybe_pp(0.5);
        let mut s = format!("{who} {past} {o}{pp}.");
        if self.chance(0.6) {
            let lead = self.uniform(&[
                "We assess that",
                "The likelier outcome is that",
                "The deal matters less than the signal:",
                "Expect a slow follow-through:",
                "The risk is that",
            ]);
            s.push(' ');
            s.push_str(lead);
            s.push(' ');
            s.push_str(&self.clause());
            s.push('.');
        }
        s
    }

    /// One sentence with its final stop, first letter upper-cased.
    pub fn sentence(&mut self) -> String {
        let s = match self.range(0, 99) {
            0..=21 => format!("{}.", self.clause()),
            22..=35 => {
                let o = self.zipf(words::OPENERS);
                let o = self.fill_template(o);
                format!("{o}, {}.", self.clause())
            }
            36..=43 => {
                let a = self.clause();
                let c = self.uniform(&["but", "yet", "and", "while", "although", "because", "so"]);
                format!("{a}, {c} {}.", self.clause())
            }
            44..=49 => {
                let s = self.actor();
                self.plural = s.plural;
                let ((_, _, past, _), o) = self.verb_object();
                self.plural = false;
                let ((_, _, past2, _), o2) = self.verb_object();
                let tail = self.uniform(&[
                    "a move that",
                    "a decision that",
                    "a step that",
                    "which in turn",
                ]);
                format!("{} {past} {o}, {tail} {past2} {o2}.", s.text)
            }
            50..=59 => self.metric_sentence(),
            60..=67 => {
                let lead = match self.range(0, 4) {
                    0 => {
                        let c = self.uniform(words::CONFIDENCE);
                        format!("We assess with {c} confidence that")
                    }
                    1 => "We judge that".to_string(),
                    2 => "It is likely that".to_string(),
                    3 => "Our working assumption is that".to_string(),
                    _ => "The evidence suggests that".to_string(),
                };
                format!("{lead} {}.", self.clause())
            }
            68..=72 => {
                let lead = self.uniform(&[
                    "This matters because",
                    "That is important because",
                    "The reason is that",
                    "Part of the explanation is that",
                ]);
                format!("{lead} {}.", self.clause())
            }
            73..=78 => {
                let a = self.clause();
                let s = self.actor();
                let m = self.uniform(&["will", "could", "would", "may", "might"]);
                let (base, ..) = self.zipf(words::VERBS);
                format!("If {a}, {} {m} {base} {}.", s.text, self.object())
            }
            79..=85 => self.quote_sentence(),
            86..=89 => {
                let a = self.country();
                let mut b = self.country();
                for _ in 0..4 {
                    if b.capital != a.capital {
                        break;
                    }
                    b = self.country();
                }
                if b.capital == a.capital {
                    b = &REGIONS[if a.name == "China" { 1 } else { 0 }];
                }
                let n = self.topic_noun();
                let x = self.abstract_();
                let y = self.abstract_();
                format!(
                    "For {}, the {n} is about {x}; for {}, it is about {y}.",
                    a.capital, b.capital
                )
            }
            90..=93 => {
                let lead = self.uniform(&[
                    "None of this means that",
                    "That does not mean that",
                    "It does not follow that",
                    "Nor is it clear that",
                ]);
                format!("{lead} {}.", self.clause())
            }
            94..=97 => format!("The open question is whether {}.", self.clause()),
            _ => {
                let n = self.range(2, 6);
                let word = ["two", "three", "four", "five", "six"][n - 2];
                let a = self.abstract_();
                let tail = self.uniform(&[
                    "and none of them is new",
                    "and only one of them is visible in the official data",
                    "and they do not all point the same way",
                    "most of them outside the control of any one capital",
                ]);
                format!("At least {word} things shape the {a} here, {tail}.")
            }
        };
        capitalise(&s)
    }

    fn metric_sentence(&mut self) -> String {
        let t = self.topic();
        let (metric, unit) = self.zipf(t.metrics);
        let who = possessive(self.country().said());
        let up = self.chance(0.55);
        let verb = if up {
            self.uniform(&["rose", "grew", "climbed", "jumped", "edged up", "increased"])
        } else {
            self.uniform(&["fell", "dropped", "slipped", "declined", "shrank", "eased"])
        };
        let amount = self.quantity(unit);
        let amount = if unit == "%" {
            format!("by {amount}")
        } else {
            format!("to {amount}")
        };
        let year = self.year_near();
        let tail = match self.range(0, 7) {
            0 => format!(
                ", the {} since {}",
                if up { "highest" } else { "lowest" },
                year - self.range(2, 15) as i32
            ),
            1 => {
                let src = self.zipf(words::SOURCES);
                format!(", according to the {src}")
            }
            2 => format!(
                ", well {} the {}-year average",
                if up { "above" } else { "below" },
                self.range(3, 10)
            ),
            3 => format!(
                ", a figure officials in {} now rarely cite",
                self.country().capital
            ),
            4 if year < self.year => format!(
                ", before {} in {}",
                if up { "levelling off" } else { "recovering" },
                year + 1
            ),
            _ => String::new(),
        };
        format!("{who} {metric} {verb} {amount} in {year}{tail}.")
    }

    fn quote_sentence(&mut self) -> String {
        match self.range(0, 3) {
            0 | 1 => {
                let e = self.entity();
                let who = match e.kind {
                    Kind::Official { role } => {
                        format!("{}, the {} {role},", e.name, REGIONS[e.region].adj)
                    }
                    Kind::Company => format!("A spokesperson for {}", e.name),
                    _ => {
                        let r = self.country();
                        let role = self.zipf(words::ROLES);
                        format!("The {} {role}", r.adj)
                    }
                };
                let verb = self.uniform(&[
                    "said",
                    "told reporters",
                    "insisted",
                    "argued",
                    "conceded",
                    "suggested",
                ]);
                let when = format!("{} {}", self.month(), self.year_near());
                format!("{who} {verb} in {when} that {}.", self.clause())
            }
            2 => {
                let r = self.country();
                let n = self.topic_noun();
                let a = self.zipf(words::EVALUATIVE);
                let mut b = self.zipf(words::EVALUATIVE);
                while b == a {
                    b = self.uniform(words::EVALUATIVE);
                }
                format!(
                    "Officials in {} describe the {n} as {a} and {b}.",
                    r.capital
                )
            }
            _ => {
                let r = self.country();
                let n = self.topic_noun();
                let a = self.zipf(words::EVALUATIVE);
                format!(
                    "{} state media called the {n} {a}, a word chosen with care.",
                    r.adj
                )
            }
        }
    }

    /// Sentences of about `words` words in all.
    pub fn sentences(&mut self, words: usize) -> Vec<String> {
        let mut out = Vec::new();
        let mut count = 0;
        while count < words || out.len() < 2 {
            let s = self.sentence();
            count += s.split_whitespace().count();
            out.push(s);
        }
        out
    }

    /// A footnote's text.
    pub fn footnote(&mut self) -> String {
        let src = self.zipf(words::SOURCES);
        let who = if self.chance(0.6) {
            let e = self.entity();
            match e.kind {
                Kind::Company => {
                    let src = self.uniform(words::COMPANY_SOURCES);
                    format!("{} {src}", e.name)
                }
                _ => format!("{} {src}", REGIONS[e.region].adj),
            }
        } else {
            let r = self.country();
            format!("{} {src}", r.adj)
        };
        let when = format!("{} {}", self.month(), self.year_near());
        let tail = self.uniform(&[
            "figures rounded",
            "our calculation",
            "the desk's translation",
            "not independently verified",
            "earlier editions differ",
            "totals may not add up because of rounding",
            "seasonally adjusted",
            "page numbers refer to the English edition",
        ]);
        capitalise(&format!("{who}, {when}; {tail}."))
    }
}

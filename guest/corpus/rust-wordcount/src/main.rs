//! Word statistics over the public input (text): allocation-heavy on purpose (String, Vec,
//! BTreeMap, format!). Words are maximal runs of ASCII letters and digits, lowercased; every
//! other byte separates words. Prints totals, the ten most frequent words (ties by word), the
//! longest word, and a histogram of word lengths.
#![no_std]
#![no_main]

use zkvm_guest::alloc::collections::BTreeMap;
use zkvm_guest::prelude::*;

zkvm_guest::entry!(main);

fn words(text: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for &b in text {
        if b.is_ascii_alphanumeric() {
            cur.push(b.to_ascii_lowercase() as char);
        } else if !cur.is_empty() {
            out.push(core::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn main() {
    let text = zkvm_guest::read_public_to_end();
    let words = words(&text);

    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for w in &words {
        // get_mut first so a repeated word costs no allocation
        match counts.get_mut(w.as_str()) {
            Some(c) => *c += 1,
            None => {
                counts.insert(w.clone(), 1);
            }
        }
    }

    let mut ranked: Vec<(&String, &u32)> = counts.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));

    let mut report = String::new();
    report.push_str(&format!("bytes: {}\n", text.len()));
    report.push_str(&format!("words: {}\n", words.len()));
    report.push_str(&format!("distinct: {}\n", counts.len()));
    for (i, (w, c)) in ranked.iter().take(10).enumerate() {
        report += &format!("{:>2}. {:<12} {:>5}\n", i + 1, w, c);
    }
    // Longest word; the first in alphabetical order among equals (BTreeMap iterates in order).
    let longest = counts.keys().fold("", |best, w| if w.len() > best.len() { w.as_str() } else { best });
    report += &format!("longest: {longest} ({})\n", longest.len());

    let mut hist: Vec<usize> = Vec::new();
    for w in &words {
        if hist.len() <= w.len() {
            hist.resize(w.len() + 1, 0);
        }
        hist[w.len()] += 1;
    }
    let parts: Vec<String> =
        hist.iter().enumerate().filter(|(_, &n)| n > 0).map(|(len, n)| format!("{len}:{n}")).collect();
    report += &format!("lengths: {}\n", parts.join(" "));
    print!("{report}");
}

// Field paths as the API writes them (a finding's `reads`, a diff's `path`):
// `config.BucketAcl.Grants[*].Permission`, `tags.env`, `config["aws:Key"]`,
// `config.Rules[0]`; `[*]` is any element of a list or member of an object.
//
// parse(text) -> segments: a string (member), a number (list index) or
// ANY (`[*]`); null when the text is not a path.
// readMarks(reads) -> a function from a node's segments (strings for
// members, numbers for list elements) to {labels, contains}: `labels` are
// the labels of the paths naming the node (empty: none), `contains` whether
// a path names something below it.
// absent(value, segments) -> whether no node of `value` matches.

export const ANY = Symbol('any');

export function parse(text) {
  const out = [];
  let i = 0;
  const plain = /^[A-Za-z0-9_-]+/;
  while (i < text.length) {
    if (text[i] === '[') {
      const rest = text.slice(i);
      let m;
      if ((m = /^\[\*\]/.exec(rest))) out.push(ANY);
      else if ((m = /^\[(\d+)\]/.exec(rest))) out.push(Number(m[1]));
      else if ((m = /^\[("(?:[^"\\]|\\.)*")\]/.exec(rest))) out.push(JSON.parse(m[1]));
      else return null;
      i += m[0].length;
      continue;
    }
    if (out.length) {
      if (text[i] !== '.') return null;
      i++;
    }
    const m = plain.exec(text.slice(i));
    if (!m) return null;
    out.push(m[0]);
    i += m[0].length;
  }
  return out.length ? out : null;
}

const same = (pattern, key) => pattern === ANY || pattern === key;

// reads: [{label, paths: [text...]}]
export function readMarks(reads) {
  const patterns = [];
  for (const { label, paths } of reads)
    for (const text of paths) {
      const segments = parse(text);
      if (segments) patterns.push({ label, segments });
    }
  return (path) => {
    const labels = new Set();
    let contains = false;
    for (const { label, segments } of patterns) {
      if (segments.length < path.length) continue;
      let prefix = true;
      for (let i = 0; i < path.length && prefix; i++) prefix = same(segments[i], path[i]);
      if (!prefix) continue;
      if (segments.length === path.length) labels.add(label);
      else contains = true;
    }
    return { labels: [...labels].sort((a, b) => a - b), contains };
  };
}

export function absent(value, segments, from = 0) {
  if (from === segments.length) return false;
  if (value === null || typeof value !== 'object') return true;
  const s = segments[from];
  if (s === ANY) {
    const children = Array.isArray(value) ? value : Object.values(value);
    return children.every((child) => absent(child, segments, from + 1));
  }
  if (Array.isArray(value) ? typeof s !== 'number' || s >= value.length : typeof s !== 'string' || !Object.hasOwn(value, s)) return true;
  return absent(value[s], segments, from + 1);
}

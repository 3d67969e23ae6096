/**
 * What a pasted definition may read when the caller sees personal data masked (engineers): no
 * path into the applicant, the application or the evidence that the versions in the catalog for
 * that service do not read. Otherwise a pasted rule or amount is an oracle over the stored
 * evidence — `double(applicant.iin)` as the amount returns the IIN, and
 * `evidence.person.lastName.startsWith("А")` as a rule answers yes or no about a name — however
 * the output is masked. The check is conservative: every path-like text anywhere in the pasted
 * definition counts as read (a path inside a CEL string literal too), and reading a whole
 * object (`evidence.person`) counts as reading every field of it. And a text the catalog does
 * not hold may not read an identifier at all (a path ending in `iin`): the catalog's versions
 * read the applicant's IIN to ask registries and cross-check, never to compute with it.
 */
const PATH = /\b(applicant|application|evidence)((?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*|\s*\[\s*(?:"[^"]*"|'[^']*')\s*\])*)/g;

function strings(value: unknown, out: string[] = [], depth = 0): string[] {
  if (depth > 32) return out;
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out, depth + 1);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) (out.push(k), strings(v, out, depth + 1));
  return out;
}

/** Every text (keys and values) of a definition. */
export function textsOf(definition: unknown): string[] {
  return strings(definition);
}

/** Every `applicant…`, `application…` and `evidence…` path the texts name. */
export function personalPaths(texts: Iterable<string>): Set<string> {
  const paths = new Set<string>();
  for (const text of texts) {
    for (const m of text.matchAll(PATH)) {
      const segments = [m[1]!, ...[...m[2]!.matchAll(/\.\s*([A-Za-z_][A-Za-z0-9_]*)|\[\s*(?:"([^"]*)"|'([^']*)')\s*\]/g)].map((s) => s[1] ?? s[2] ?? s[3]!)];
      paths.add(segments.join('.'));
    }
  }
  return paths;
}

/**
 * The paths `proposed` reads that `allowed` does not cover: a path is covered by itself or by an
 * ancestor of at least two segments read whole. A bare `evidence` / `applicant` is not counted on
 * either side — the word appears in every definition's prose.
 */
export function unreadPaths(proposed: Set<string>, allowed: Set<string>): string[] {
  const covered = (p: string) => {
    const parts = p.split('.');
    for (let i = parts.length; i >= 2; i--) if (allowed.has(parts.slice(0, i).join('.'))) return true;
    return false;
  };
  return [...proposed].filter((p) => p.includes('.') && (!covered(p) || /iin$/i.test(p))).sort();
}

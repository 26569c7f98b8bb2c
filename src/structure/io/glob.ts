/**
 * Glob patterns for input lists, without a dependency (Node 20 has no fs.glob): `*` (any characters
 * but "/"), `?` (one character but "/"), `**` (any number of directories), `[abc]` / `[a-z]` / `[!a]`
 * and `{a,b}`. Names starting with "." are matched only by a pattern segment that starts with ".".
 * Results are sorted.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';

/** True when the string has glob characters. */
export function hasGlobMagic(s: string): boolean {
  return /[*?[{]/.test(s);
}

/** A regular expression for one path segment pattern (no "/"). */
export function segmentRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = seg.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let cls = seg.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += '[' + cls.replace(/\\/g, '\\\\') + ']';
        i = end;
      }
    } else if (c === '{') {
      const end = seg.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        const alts = seg.slice(i + 1, end).split(',');
        re += '(?:' + alts.map((a) => segmentRegExp(a).source.slice(1, -1)).join('|') + ')';
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\\]]/g, '\\$&');
  }
  return new RegExp('^' + re + '$');
}

/**
 * Files matching a glob pattern, sorted. Relative patterns are resolved against `cwd` and give paths
 * relative to it; absolute patterns give absolute paths. A trailing `**` matches every file below.
 */
export function expandGlob(pattern: string, cwd = process.cwd()): string[] {
  const norm = pattern.replace(/\\/g, '/');
  const absolute = isAbsolute(norm);
  const segs = norm.split('/').filter((s) => s !== '' && s !== '.');
  const out = new Set<string>();
  // Static leading segments form the directory where matching starts.
  let k = 0;
  let root = absolute ? '/' : cwd;
  while (k < segs.length - 1 && !hasGlobMagic(segs[k])) root = join(root, segs[k++]);
  const walk = (dir: string, i: number): void => {
    if (i === segs.length) {
      if (statOf(dir)?.isFile()) out.add(dir);
      return;
    }
    const seg = segs[i];
    const last = i === segs.length - 1;
    if (seg === '**') {
      if (last) {
        for (const e of list(dir))
          if (e.name.startsWith('.')) continue;
          else if (e.dir) walk(join(dir, e.name), i);
          else out.add(join(dir, e.name));
        return;
      }
      walk(dir, i + 1);
      for (const e of list(dir)) if (e.dir && !e.name.startsWith('.')) walk(join(dir, e.name), i);
      return;
    }
    if (!hasGlobMagic(seg)) {
      walk(join(dir, seg), i + 1);
      return;
    }
    const re = segmentRegExp(seg);
    for (const e of list(dir)) {
      if (e.name.startsWith('.') && !seg.startsWith('.')) continue;
      if (!re.test(e.name) || (!last && !e.dir)) continue;
      walk(join(dir, e.name), i + 1);
    }
  };
  walk(root, k);
  return [...out].map((p) => (absolute ? p : relative(cwd, p))).sort();
}

function list(dir: string): { name: string; dir: boolean }[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .map((d) => ({
        name: d.name,
        dir: d.isDirectory() || (d.isSymbolicLink() && !!statOf(join(dir, d.name))?.isDirectory()),
      }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function statOf(p: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

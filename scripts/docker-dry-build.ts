// `node --import tsx scripts/docker-dry-build.ts [--context DIR] [--out DIR] [--build-arg NAME=value …] [--json]`: executes
// the Dockerfile's steps without a Docker engine, so a broken image is found where no engine
// runs (this machine, CI). Each stage gets a directory standing in for its filesystem root; COPY
// applies .dockerignore to the build context; RUN runs with the stage's ENV and WORKDIR under
// /bin/sh; COPY --from copies between stage directories. The base image is this machine with
// the Node the FROM line names first on PATH: this process's own when the majors agree, else the
// pinned Node 24 from .tools/node24/ (`npm run setup:node24`). Paths under a stage's WORKDIR are
// rewritten into its directory; a RUN step naming any other absolute path is refused, so the dry
// build never touches this machine outside --out.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { NODE24_MAJOR, NODE24_VERSION, requireNode24 } from './support/node-runtime.ts';

export interface Instruction {
  op: string;
  args: string;
  flags: Record<string, string>;
}

export interface Stage {
  name: string;
  base: string;
  instructions: Instruction[];
}

export interface StageResult {
  name: string;
  root: string;
  workdir: string;
  env: Record<string, string>;
  user: string;
  cmd: string[];
  expose: string[];
  /** The Node binary standing in for the base image's, and its version as the stage's shell sees it. */
  node: string;
  nodeVersion: string;
}

export interface DryBuild {
  stages: StageResult[];
  runtime: StageResult;
  /** Seconds per step, in order. */
  steps: { stage: string; step: string; seconds: number }[];
  /** The runtime stage's WORKDIR as a directory on this machine. */
  runtimeDir: string;
  runtimeBytes: number;
  runtimeFiles: number;
}

/** Splits a Dockerfile into stages of instructions (continuations joined, comments dropped). */
export function parseDockerfile(text: string): Stage[] {
  const logical: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (pending && line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += line.slice(0, -1) + ' ';
      continue;
    }
    logical.push((pending + line).trim());
    pending = '';
  }
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, op = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    const flags: Record<string, string> = {};
    let args = rest;
    for (let m = /^--([\w-]+)=(\S+)\s+/.exec(args); m; m = /^--([\w-]+)=(\S+)\s+/.exec(args)) {
      flags[m[1]!] = m[2]!;
      args = args.slice(m[0].length);
    }
    const upper = op.toUpperCase();
    if (upper === 'FROM') {
      const [base = '', as, name] = args.split(/\s+/);
      stages.push({ name: as?.toUpperCase() === 'AS' && name ? name : String(stages.length), base, instructions: [] });
    } else if (!stages.length) {
      throw new Error(`Dockerfile: ${upper} before the first FROM is not supported by the dry build`);
    } else {
      stages.at(-1)!.instructions.push({ op: upper, args, flags });
    }
  }
  return stages;
}

/** The .dockerignore rules (moby/patternmatcher): the last matching pattern decides; a parent match counts. */
export function dockerIgnore(text: string): (relativePath: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const negated = l.startsWith('!');
      const pattern = path.posix.normalize((negated ? l.slice(1) : l).trim().replace(/^\/+/, '')).replace(/\/+$/, '');
      return { negated, regex: globToRegex(pattern) };
    });
  return (relativePath) => {
    const parts = relativePath.split('/');
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let ignored = false;
    for (const rule of rules) if (candidates.some((c) => rule.regex.test(c))) ignored = !rule.negated;
    return ignored;
  };
}

function globToRegex(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of directories, a trailing `**` anything below.
      out += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i);
      out += end > i ? pattern.slice(i, end + 1).replace('[!', '[^') : '\\[';
      if (end > i) i = end;
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** Files of the build context (relative paths), .dockerignore applied; ignored directories are not entered. */
export function contextFiles(context: string, ignored: (p: string) => boolean): string[] {
  const files: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(context, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (ignored(child)) continue;
      if (entry.isDirectory()) walk(child);
      else files.push(child);
    }
  };
  walk('');
  return files;
}

function words(args: string): string[] {
  return args.trim().startsWith('[') ? (JSON.parse(args) as string[]) : args.trim().split(/\s+/);
}

/** `${NAME}` and `$NAME` in an ENV value, from the stage's ARGs and ENV as Docker expands them (unset: empty). */
function expand(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => vars[(a ?? b)!] ?? '');
}

function parseEnv(args: string, vars: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  if (!args.includes('=')) {
    const [key = '', ...value] = args.split(/\s+/);
    env[key] = expand(value.join(' '), vars);
    return env;
  }
  // Single quotes keep `$` literal, as in Docker.
  for (const m of args.matchAll(/(\w+)=("([^"]*)"|'([^']*)'|\S*)/g)) env[m[1]!] = m[4] ?? expand(m[3] ?? m[2]!, vars);
  return env;
}

/** `ARG NAME[=default]`: the value a `--build-arg` gives, else the default, else empty. */
function parseArg(args: string, buildArgs: Record<string, string>): [string, string] {
  const [, name = '', fallback] = /^(\w+)(?:=(.*))?$/.exec(args.trim()) ?? [];
  return [name, buildArgs[name] ?? (fallback ?? '').replace(/^"(.*)"$/, '$1')];
}

const sizeOf = (dir: string): { bytes: number; files: number } => {
  let bytes = 0;
  let files = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) {
        bytes += fs.statSync(p).size;
        files++;
      }
    }
  };
  walk(dir);
  return { bytes, files };
};

export interface DryBuildOptions {
  context: string;
  /** `--build-arg NAME=value`, as `docker build` takes them. */
  buildArgs?: Record<string, string>;
  out: string;
  dockerfile?: string;
  log?: (line: string) => void;
}

export function dryBuild(options: DryBuildOptions): DryBuild {
  const log = options.log ?? (() => {});
  const dockerfile = options.dockerfile ?? path.join(options.context, 'Dockerfile');
  const stages = parseDockerfile(fs.readFileSync(dockerfile, 'utf8'));
  const ignoreFile = path.join(options.context, '.dockerignore');
  const ignored = dockerIgnore(fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8') : '');
  const context = contextFiles(options.context, ignored);
  const results: StageResult[] = [];
  const steps: DryBuild['steps'] = [];

  for (const stage of stages) {
    const node = nodeForBase(stage.base);
    const root = path.join(options.out, 'stages', stage.name);
    fs.mkdirSync(root, { recursive: true });
    const state: StageResult = { name: stage.name, root, workdir: '/', env: {}, user: 'root', cmd: [], expose: [], node, nodeVersion: '' };
    state.nodeVersion = shell('node --version', state, root, 'node --version').trim().replace(/^v/, '');
    log(`${stage.name}: FROM ${stage.base} stands in with Node ${state.nodeVersion} (${node})`);
    const inRoot = (p: string) => path.join(root, path.posix.resolve(state.workdir, p));
    const args: Record<string, string> = {}; // the stage's ARGs (each stage declares its own)
    for (const ins of stage.instructions) {
      const started = process.hrtime.bigint();
      switch (ins.op) {
        case 'WORKDIR':
          state.workdir = path.posix.resolve(state.workdir, ins.args.trim());
          fs.mkdirSync(inRoot('.'), { recursive: true });
          break;
        case 'ENV':
          Object.assign(state.env, parseEnv(ins.args, { ...args, ...state.env }));
          break;
        case 'ARG': {
          const [name, value] = parseArg(ins.args, options.buildArgs ?? {});
          args[name] = value;
          break;
        }
        case 'USER':
          state.user = ins.args.trim();
          break;
        case 'EXPOSE':
          state.expose.push(...ins.args.trim().split(/\s+/));
          break;
        case 'CMD':
          state.cmd = words(ins.args);
          break;
        case 'COPY':
          copy(ins, state, results, context, options.context, inRoot);
          break;
        case 'RUN':
          run(ins, state, inRoot, log);
          break;
        case 'LABEL':
          break;
        default:
          throw new Error(`stage ${stage.name}: ${ins.op} is not supported by the dry build`);
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      steps.push({ stage: stage.name, step: `${ins.op} ${ins.args}`.slice(0, 100), seconds });
      if (seconds > 0.5) log(`${stage.name}: ${ins.op} ${ins.args.slice(0, 70)} (${seconds.toFixed(1)} s)`);
    }
    results.push(state);
  }
  const runtime = results.at(-1)!;
  const runtimeDir = path.join(runtime.root, runtime.workdir);
  const { bytes, files } = sizeOf(runtimeDir);
  return { stages: results, runtime, steps, runtimeDir, runtimeBytes: bytes, runtimeFiles: files };
}

function copy(ins: Instruction, state: StageResult, done: StageResult[], context: string[], contextDir: string, inRoot: (p: string) => string): void {
  const parts = words(ins.args);
  const dest = parts.pop()!;
  const intoDir = dest.endsWith('/') || dest === '.' || parts.length > 1;
  if (ins.flags.from) {
    const from = done.find((s) => s.name === ins.flags.from);
    if (!from) throw new Error(`COPY --from=${ins.flags.from}: no earlier stage of that name`);
    for (const src of parts) {
      if (!src.startsWith('/')) throw new Error(`COPY --from: give the source as an absolute path (${src})`);
      const source = path.join(from.root, src);
      const target = intoDir && !fs.statSync(source).isDirectory() ? path.join(inRoot(dest), path.basename(src)) : inRoot(dest);
      fs.cpSync(source, target, { recursive: true, verbatimSymlinks: true });
    }
    return;
  }
  for (const src of parts) {
    const prefix = path.posix.normalize(src).replace(/^\.\/?|\/$/g, '');
    const matched = context.filter((f) => !prefix || f === prefix || f.startsWith(`${prefix}/`));
    if (!matched.length) throw new Error(`COPY ${src}: nothing in the build context (missing, or excluded by .dockerignore)`);
    const isFile = matched.length === 1 && matched[0] === prefix;
    for (const file of matched) {
      const relative = isFile ? path.posix.basename(file) : file.slice(prefix ? prefix.length + 1 : 0);
      const target = isFile && !intoDir ? inRoot(dest) : path.join(inRoot(dest), relative);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.cpSync(path.join(contextDir, file), target, { verbatimSymlinks: true });
    }
  }
}

/**
 * The Node that stands in for a `FROM node:<major>…` image: this process's when the majors agree,
 * else the pinned Node 24 under .tools/ (NodeRuntimeError, naming `npm run setup:node24`, when
 * it is not installed). Any other base image or major is refused.
 */
export function nodeForBase(base: string): string {
  const major = /^node:(\d+)/.exec(base)?.[1];
  if (!major) throw new Error(`FROM ${base}: the dry build stands in only for node:<major> images`);
  if (major === process.versions.node.split('.')[0]) return process.execPath;
  if (major === NODE24_MAJOR) return requireNode24();
  throw new Error(`FROM ${base} needs Node ${major}; this dry build runs on Node ${process.versions.node} and can stand in only with Node ${NODE24_VERSION} from .tools/`);
}

/** Runs a command under /bin/sh with the stage's ENV, its Node first on PATH, in its WORKDIR; returns stdout. */
function shell(command: string, state: StageResult, cwd: string, what: string): string {
  const env: Record<string, string> = {
    PATH: [path.dirname(state.node), process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter),
    HOME: process.env.HOME ?? os.homedir(),
    // This machine's npm cache stands in for the registry when it already holds a package.
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
    npm_config_prefer_offline: 'true',
    npm_config_update_notifier: 'false',
  };
  for (const [k, v] of Object.entries(state.env)) env[k] = v.startsWith(state.workdir + '/') && state.workdir !== '/' ? path.join(state.root, v) : v;
  const result = spawnSync('/bin/sh', ['-c', command], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${what} failed (exit ${result.status}):\n${(result.stdout + result.stderr).trim().split('\n').slice(-30).join('\n')}`);
  }
  return result.stdout;
}

function run(ins: Instruction, state: StageResult, inRoot: (p: string) => string, log: (line: string) => void): void {
  const workdirPrefix = new RegExp(`(^|[\\s=:'"])${state.workdir.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(?=/|\\s|$)`, 'g');
  let command = ins.args.trim().startsWith('[') ? words(ins.args).map((w) => JSON.stringify(w)).join(' ') : ins.args;
  if (state.workdir !== '/') command = command.replace(workdirPrefix, (_m, lead: string) => lead + inRoot('.'));
  const stray = /(?:^|[\s=:'"])(\/(?!dev\/null)[\w.-][^\s'"]*)/.exec(command.replaceAll(inRoot('.'), ''));
  if (stray) throw new Error(`RUN ${ins.args}: names ${stray[1]} outside the WORKDIR; the dry build will not touch this machine's ${stray[1]}`);
  log(`${state.name}: RUN ${ins.args.slice(0, 90)}`);
  shell(command, state, inRoot('.'), `RUN ${ins.args}`);
}

/** The runtime stage's ENV as its processes see it here (paths under its WORKDIR mapped). */
export function runtimeEnv(build: DryBuild): Record<string, string> {
  const { runtime } = build;
  return Object.fromEntries(Object.entries(runtime.env).map(([k, v]) => [k, v.startsWith(runtime.workdir + '/') ? path.join(runtime.root, v) : v]));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: { context: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, 'build-arg': { type: 'string', multiple: true } },
  });
  const buildArgs = Object.fromEntries((values['build-arg'] ?? []).map((a) => [a.split('=')[0]!, a.split('=').slice(1).join('=')]));
  const context = path.resolve(values.context ?? path.join(import.meta.dirname, '..'));
  const out = path.resolve(values.out ?? fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-docker-dry-build-')));
  const started = Date.now();
  try {
    const build = dryBuild({ context, out, buildArgs, log: (line) => console.error(`dry build: ${line}`) });
    if (values.json) console.log(JSON.stringify(build));
    else {
      console.log(`dry build: ${((Date.now() - started) / 1000).toFixed(0)} s; runtime stage ${build.runtime.name} in ${build.runtimeDir}`);
      console.log(`dry build: ${(build.runtimeBytes / 1e6).toFixed(1)} MB in ${build.runtimeFiles} files, user ${build.runtime.user}, CMD ${build.runtime.cmd.join(' ')}`);
    }
  } catch (e) {
    console.error(`dry build failed: ${(e as Error).message}`);
    process.exit(1);
  }
}

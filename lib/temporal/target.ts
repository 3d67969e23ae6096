/**
 * Which Temporal cluster and namespace a process talks to, and where that choice came from.
 * Precedence, as the Temporal CLI and SDKs have it: the TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE
 * variables, then the selected `temporal.toml` profile (TEMPORAL_PROFILE, default "default", in
 * TEMPORAL_CONFIG_FILE or the CLI's default location), then localhost:7233 / "default".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadClientConfigProfile, type ClientConfigProfile } from '@temporalio/envconfig';

export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';
export const DEFAULT_TEMPORAL_NAMESPACE = 'default';

export type TargetSource = 'environment' | 'profile' | 'default';

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** Where the address came from; a profile's name is in `profile`. */
  addressSource: TargetSource;
  profile?: string;
}

export interface HostPort {
  host: string;
  port: number;
}

/**
 * `host:port`, `1.2.3.4:port` or `[ipv6]:port` (brackets required for IPv6, as in URLs), port
 * 1–65535. Returns undefined for anything else.
 */
export const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9][\w.-]{0,252})):(\d{1,5})$/;

export function parseHostPort(address: string): HostPort | undefined {
  const m = HOST_PORT.exec(address);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  const v6 = m[1];
  if (v6 !== undefined && (!v6.includes(':') || /:::|[^:]{5,}/.test(v6))) return undefined;
  return { host: v6 ?? m[2]!, port };
}

export const HOST_PORT_RULE = 'must be host:port, e.g. localhost:7233 or [::1]:7233';

/** Where the Temporal CLI keeps temporal.toml (as @temporalio/envconfig looks for it). */
export function temporalConfigFile(vars: Record<string, string>): string | undefined {
  if (vars.TEMPORAL_CONFIG_FILE) return vars.TEMPORAL_CONFIG_FILE;
  const platform = os.platform();
  const dir =
    platform === 'win32'
      ? vars.APPDATA
      : platform === 'darwin'
        ? vars.HOME && path.join(vars.HOME, 'Library', 'Application Support')
        : vars.XDG_CONFIG_HOME && path.isAbsolute(vars.XDG_CONFIG_HOME)
          ? vars.XDG_CONFIG_HOME
          : vars.HOME && path.join(vars.HOME, '.config');
  return dir ? path.join(dir, 'temporalio', 'temporal.toml') : undefined;
}

/** The temporal.toml text when the file exists and holds a `[profile.*]` table, else undefined. */
export function profileFileData(vars: Record<string, string>): string | undefined {
  const file = temporalConfigFile(vars);
  const data = file && fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  // @temporalio/envconfig fails on a file with no [profile.*] table; such a file names no profile.
  return /^\s*\[\s*profile\./m.test(data) ? data : undefined;
}

/**
 * The profile's own values (the variables are applied by the caller, so their precedence is
 * stated in one place). No file, or a file without profiles, is an empty profile — unless a
 * profile was asked for by name.
 */
function fileProfile(vars: Record<string, string>, profileName: string | undefined): ClientConfigProfile {
  const data = profileFileData(vars);
  if (data === undefined) {
    if (profileName) throw new Error(`Profile '${profileName}' not found in ${temporalConfigFile(vars) ?? 'any temporal.toml'}`);
    return {};
  }
  return loadClientConfigProfile({ profile: profileName, configSource: { data }, disableEnv: true });
}

/** `env` is the process's environment (or a test's); a broken or missing profile is an error naming it. */
export function resolveTemporalTarget(env: Record<string, string | undefined>): TemporalTarget {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') vars[k] = v;
  const profileName = vars.TEMPORAL_PROFILE;
  const profile = fileProfile(vars, profileName);
  const fromProfile = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  const profileAddress = fromProfile(profile.address);
  const addressSource: TargetSource = vars.TEMPORAL_ADDRESS ? 'environment' : profileAddress ? 'profile' : 'default';
  return {
    address: vars.TEMPORAL_ADDRESS ?? profileAddress ?? DEFAULT_TEMPORAL_ADDRESS,
    namespace: vars.TEMPORAL_NAMESPACE ?? fromProfile(profile.namespace) ?? DEFAULT_TEMPORAL_NAMESPACE,
    addressSource,
    ...(addressSource === 'profile' || profileName ? { profile: profileName ?? 'default' } : {}),
  };
}

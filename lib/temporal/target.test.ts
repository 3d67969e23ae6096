import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { parseHostPort, resolveTemporalTarget } from './target.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qyzmet-toml-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const tomlFile = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};
const profiles = tomlFile(
  'temporal.toml',
  `[profile.default]
address = "temporal.internal:7244"
namespace = "from-default-profile"

[profile.staging]
address = "[::1]:7299"
namespace = "staging"

[profile.broken]
address = "http://temporal:7233"
`,
);
const empty = tomlFile('empty.toml', '');

describe('parseHostPort', () => {
  it.each([
    ['localhost:7233', { host: 'localhost', port: 7233 }],
    ['10.0.0.5:7233', { host: '10.0.0.5', port: 7233 }],
    ['temporal-frontend.qyzmet.svc:443', { host: 'temporal-frontend.qyzmet.svc', port: 443 }],
    ['[::1]:7233', { host: '::1', port: 7233 }],
    ['[2001:db8::7]:7233', { host: '2001:db8::7', port: 7233 }],
  ])('reads %s', (address, want) => expect(parseHostPort(address)).toEqual(want));

  it.each(['::1:7233', 'http://temporal:7233', 'temporal', 'temporal:0', 'temporal:65536', '[::1]', '[nothex::1]:7233', '[1:::2]:7233', ':7233', 'a b:7233'])(
    'refuses %s',
    (address) => expect(parseHostPort(address)).toBeUndefined(),
  );
});

describe('the Temporal target: variables, then the temporal.toml profile, then defaults', () => {
  it('takes the default profile of the file when no variable names an address', () => {
    expect(resolveTemporalTarget({ TEMPORAL_CONFIG_FILE: profiles })).toEqual({
      address: 'temporal.internal:7244',
      namespace: 'from-default-profile',
      addressSource: 'profile',
      profile: 'default',
    });
  });

  it('takes the profile TEMPORAL_PROFILE names, an IPv6 address included', () => {
    const config = loadConfig({ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'staging' });
    expect(config.TEMPORAL_ADDRESS).toBe('[::1]:7299');
    expect(config.TEMPORAL_NAMESPACE).toBe('staging');
    expect(config.temporalTarget).toMatchObject({ addressSource: 'profile', profile: 'staging' });
  });

  it('lets TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE override the profile, each on its own', () => {
    const a = loadConfig({ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_ADDRESS: '127.0.0.1:7400' });
    expect([a.TEMPORAL_ADDRESS, a.TEMPORAL_NAMESPACE, a.temporalTarget.addressSource]).toEqual(['127.0.0.1:7400', 'from-default-profile', 'environment']);
    const n = loadConfig({ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_NAMESPACE: 'ops' });
    expect([n.TEMPORAL_ADDRESS, n.TEMPORAL_NAMESPACE]).toEqual(['temporal.internal:7244', 'ops']);
  });

  it('falls back to localhost:7233 and "default" when neither says', () => {
    const config = loadConfig({ TEMPORAL_CONFIG_FILE: empty });
    expect(config.temporalTarget).toEqual({ address: 'localhost:7233', namespace: 'default', addressSource: 'default' });
  });

  it.each([
    [{ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'nowhere' }, 'TEMPORAL_PROFILE', "'nowhere' not found"],
    [{ TEMPORAL_CONFIG_FILE: profiles, TEMPORAL_PROFILE: 'broken' }, 'TEMPORAL_PROFILE', 'http://temporal:7233'],
    [{ TEMPORAL_CONFIG_FILE: tomlFile('bad.toml', '[profile.default\naddress = 1') }, 'TEMPORAL_CONFIG_FILE', 'could not be read'],
    [{ TEMPORAL_ADDRESS: 'temporal:99999' }, 'TEMPORAL_ADDRESS', '65535'],
    [{ TEMPORAL_ADDRESS: '::1:7233' }, 'TEMPORAL_ADDRESS', '[::1]:7233'],
  ])('refuses %j naming %s', (env, variable, hint) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issue = (error as ConfigError).issues.find((i) => i.variable === variable);
    expect(issue?.message).toContain(hint);
  });
});

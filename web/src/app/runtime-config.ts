/** What the API tells the console at start (GET /console/config.json, api/http/console.ts). */
import type { Lang } from '../i18n/messages.ts';

export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
}

export interface RuntimeConfig {
  graphqlPath: string;
  defaultLanguage: Lang;
  production: boolean;
  devIdentities: boolean;
  oidc: OidcSettings | null;
}

export const CONSOLE_BASE = '/console';

export async function loadRuntimeConfig(): Promise<RuntimeConfig> {
  const response = await fetch(`${CONSOLE_BASE}/config.json`, { cache: 'no-store', signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as RuntimeConfig;
}
